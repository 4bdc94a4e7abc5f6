import type { Prisma } from "@/generated/prisma/client";
import type { PolicyAction, PolicyEngine } from "@/server/policy/engine";
import { resolveValue, type EntityLike, type RelationLike } from "@/server/policy/rules";
import { ruleMatches } from "@/server/policy/rules-memory";

// Why a decision came out as it did: the decision, every policy that matched the resource and
// action with its rules (and, for a record, whether each rule matched it), and the record as the
// actor would see it. The dashboard's permission simulator shows this.

export type Explanation = {
  allowed: boolean;
  reason: string;
  policies: {
    policyId: string;
    roleId: string;
    roleName: string;
    resource: string;
    action: string;
    effect: "allow" | "deny";
    priority: number;
    /** For a record: whether all of the policy's rules match it (null without a record). */
    matchesRecord: boolean | null;
    rules: {
      id: string;
      type: "field" | "relation";
      field: string | null;
      operator: string | null;
      relationPath: string | null;
      value: Prisma.JsonValue | null;
      resolvedValue: Prisma.JsonValue | null;
      matched: boolean | null;
    }[];
    masks: { fieldPath: string; maskType: "hide" | "redact" }[];
  }[];
  /** With a record: whether the actor may act on it, and what they would see of it. */
  recordVisible: boolean | null;
  record: unknown;
};

export function explain(
  engine: PolicyEngine,
  resource: string,
  action: PolicyAction,
  record?: { entity: EntityLike; relations: RelationLike[] },
): Explanation {
  const context = engine.context;
  const allowed = engine.can(resource, action);
  const policies = engine.matching(resource, action);
  let reason: string;
  if (context.bypass) reason = "Organization owners, admins and system actors have full access";
  else if (policies.length === 0)
    reason = `No policy grants ${action} on ${resource} (default deny)`;
  else if (
    !allowed &&
    // Only an unscoped deny denies outright (engine.can); a scoped one merely narrows.
    policies.some(
      (policy) =>
        policy.effect === "deny" &&
        policy.scopeRules.length === 0 &&
        policy.assignmentResourceId === null,
    )
  )
    reason = "Denied by a policy without scope rules";
  else if (!allowed) reason = `No policy grants ${action} on ${resource}`;
  else reason = "Allowed by the allowing policies below, within their scope rules";
  const recordVisible = record
    ? engine.inScope(resource, action, record.entity, record.relations)
    : null;
  return {
    allowed,
    reason,
    policies: policies.map((policy) => ({
      policyId: policy.id,
      roleId: policy.roleId,
      roleName: policy.roleName,
      resource: policy.resource,
      action: policy.action,
      effect: policy.effect,
      priority: policy.priority,
      matchesRecord: record
        ? policy.scopeRules.every((rule) =>
            ruleMatches(rule, context, record.entity, record.relations, policy.effect),
          ) &&
          (policy.assignmentResourceId === null || policy.assignmentResourceId === record.entity.id)
        : null,
      rules: policy.scopeRules.map((rule) => ({
        id: rule.id,
        type: rule.type,
        field: rule.field,
        operator: rule.operator,
        relationPath: rule.relationPath,
        value: rule.value,
        resolvedValue: resolveValue(rule.value, context),
        matched: record
          ? ruleMatches(rule, context, record.entity, record.relations, policy.effect)
          : null,
      })),
      masks: policy.fieldMasks.map((mask) => ({
        fieldPath: mask.fieldPath,
        maskType: mask.maskType,
      })),
    })),
    recordVisible,
    record: record && recordVisible ? engine.mask(resource, record.entity) : null,
  };
}
