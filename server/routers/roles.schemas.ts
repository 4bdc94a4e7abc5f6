import { z } from "zod";
import { POLICY_ACTIONS, RECORD_ACTIONS, SCOPE_OPERATORS } from "@/lib/domain-values";
import { entityOutput, jsonValue, smallJsonValue } from "@/server/routers/business-schemas";

// Input and output schemas of the roles and toolPermissions routers. Inputs check shapes only;
// the services check meaning (a field path, an operator's value, a regex that compiles) and
// answer BAD_REQUEST naming the field, so forms can point at it.

const id = z.string().min(1).max(100);
const roleName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is at most 100 characters");
const description = z.string().trim().max(1000).nullable();

export { POLICY_ACTIONS, RECORD_ACTIONS, SCOPE_OPERATORS };

/** An entity-type slug, `*`, or `entityType` (managing entity types). */
export const policyResource = z.string().trim().min(1).max(50);

export const roleIdInput = z.object({ id });
export const roleNameInput = z.object({ name: roleName });
export const createRoleInput = z.object({ name: roleName, description: description.optional() });
export const updateRoleInput = z.object({
  id,
  name: roleName.optional(),
  description: description.optional(),
});

export const addPolicyInput = z.object({
  roleId: id,
  resource: policyResource,
  action: z.enum(POLICY_ACTIONS),
  effect: z.enum(["allow", "deny"]),
  priority: z.number().int().min(-1000).max(1000).optional(),
});
export const updatePolicyInput = z.object({
  id,
  resource: policyResource.optional(),
  action: z.enum(POLICY_ACTIONS).optional(),
  effect: z.enum(["allow", "deny"]).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
});

export const addScopeRuleInput = z.object({
  policyId: id,
  type: z.enum(["field", "relation"]),
  field: z.string().trim().min(1).max(200).optional(),
  operator: z.enum(SCOPE_OPERATORS).optional(),
  value: smallJsonValue.optional(),
  relationPath: z.string().trim().min(1).max(100).optional(),
  relationDirection: z.enum(["any", "outgoing", "incoming"]).optional(),
});

export const addFieldMaskInput = z.object({
  policyId: id,
  fieldPath: z.string().trim().min(1).max(200),
  maskType: z.enum(["hide", "redact"]),
  maskConfig: z
    .object({ pattern: z.string().min(1).max(500), replacement: z.string().max(200) })
    .optional(),
});

const scopeRef = {
  roleId: id,
  userId: id,
  resourceType: z.string().trim().min(1).max(50).nullable().optional(),
  resourceId: z.string().trim().min(1).max(100).nullable().optional(),
};
export const assignRoleInput = z.object({ ...scopeRef, expiresAt: z.date().nullable().optional() });
export const unassignRoleInput = z.object(scopeRef);
export const userIdInput = z.object({ userId: id });

export const simulateInput = z.object({
  subject: z.discriminatedUnion("type", [
    z.object({ type: z.literal("user"), userId: id }),
    z.object({ type: z.literal("role"), roleId: id }),
    z.object({ type: z.literal("agent") }),
  ]),
  resource: policyResource,
  action: z.enum(RECORD_ACTIONS),
  entityId: id.optional(),
});

// ---- Outputs --------------------------------------------------------------------------------

export const roleOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isSystem: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const roleListItemOutput = roleOutput.extend({
  policyCount: z.number().int(),
  /** Assignments in force (not expired). */
  activeAssignmentCount: z.number().int(),
});

export const scopeRuleOutput = z.object({
  id: z.string(),
  policyId: z.string(),
  type: z.enum(["field", "relation"]),
  field: z.string().nullable(),
  operator: z.enum(SCOPE_OPERATORS).nullable(),
  value: jsonValue.nullable(),
  relationPath: z.string().nullable(),
  relationDirection: z.enum(["any", "outgoing", "incoming"]),
  createdAt: z.date(),
});

export const fieldMaskOutput = z.object({
  id: z.string(),
  policyId: z.string(),
  fieldPath: z.string(),
  maskType: z.enum(["hide", "redact"]),
  maskConfig: jsonValue.nullable(),
  createdAt: z.date(),
});

export const policyOutput = z.object({
  id: z.string(),
  roleId: z.string(),
  resource: z.string(),
  action: z.string(),
  effect: z.enum(["allow", "deny"]),
  priority: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const roleWithPoliciesOutput = roleOutput.extend({
  policies: z.array(
    policyOutput.extend({
      scopeRules: z.array(scopeRuleOutput),
      fieldMasks: z.array(fieldMaskOutput),
    }),
  ),
});

export const assignmentOutput = z.object({
  id: z.string(),
  userId: z.string(),
  roleId: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  grantedById: z.string().nullable(),
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
});

export const userRoleOutput = assignmentOutput.extend({
  role: roleOutput.pick({ id: true, name: true, description: true, isSystem: true }),
  expired: z.boolean(),
});

export const removedOutput = z.object({ id: z.string(), removed: z.literal(true) });

const explainedRule = z.object({
  id: z.string(),
  type: z.enum(["field", "relation"]),
  field: z.string().nullable(),
  operator: z.string().nullable(),
  relationPath: z.string().nullable(),
  value: jsonValue.nullable(),
  resolvedValue: jsonValue.nullable(),
  matched: z.boolean().nullable(),
});

export const explanationOutput = z.object({
  allowed: z.boolean(),
  reason: z.string(),
  policies: z.array(
    z.object({
      policyId: z.string(),
      roleId: z.string(),
      roleName: z.string(),
      resource: z.string(),
      action: z.string(),
      effect: z.enum(["allow", "deny"]),
      priority: z.number().int(),
      matchesRecord: z.boolean().nullable(),
      rules: z.array(explainedRule),
      masks: z.array(z.object({ fieldPath: z.string(), maskType: z.enum(["hide", "redact"]) })),
    }),
  ),
  recordVisible: z.boolean().nullable(),
  /** The record as the subject would see it (masks applied), or null. */
  record: entityOutput.omit({ deletedAt: true }).partial().extend({ id: z.string() }).nullable(),
});
