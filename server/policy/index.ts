// The policy engine: every business-data service asks it before touching data (docs/permissions.md).
export { PolicyEngine, policyFor, type PolicyAction } from "@/server/policy/engine";
export { explain, type Explanation } from "@/server/policy/explain";
export {
  loadPolicyContext,
  loadPolicyContextForRoles,
  type PolicyContext,
} from "@/server/policy/load";
export { applyMasks, redactString } from "@/server/policy/mask";
