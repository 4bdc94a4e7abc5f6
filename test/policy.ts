import {
  Prisma,
  type MaskType,
  type PolicyEffect,
  type RelationDirection,
  type ScopeOperator,
} from "@/generated/prisma/client";
import { testDb } from "@/test/db";
import { createRole } from "@/test/factories";

// Roles, policies, scope rules, masks and assignments written straight through Prisma, so the
// permission tests do not depend on the roles API: a test states a role as data and grants it.

export type RuleSpec =
  | { field: string; op: ScopeOperator; value: Prisma.JsonValue }
  | { relation: string; direction?: RelationDirection; value: Prisma.JsonValue };

export type MaskSpec = {
  path: string;
  type: MaskType;
  config?: { pattern: string; replacement: string };
};

export type PolicySpec = {
  resource: string;
  action: string;
  effect?: PolicyEffect;
  priority?: number;
  rules?: RuleSpec[];
  masks?: MaskSpec[];
};

/** A role and how it is assigned (resource scoping and expiry belong to the assignment). */
export type RoleSpec = {
  /** Random unless given (the organization's role named `agent` is the agents' role). */
  name?: string;
  policies: PolicySpec[];
  resourceType?: string;
  resourceId?: string;
  expiresAt?: Date;
};

// A JSON null is stored as JSON null (Prisma's JsonNull), not as a missing value.
const json = (value: Prisma.JsonValue): Prisma.InputJsonValue | typeof Prisma.JsonNull =>
  value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue);

/** Creates the role with its policies, rules and masks; returns the role's id. */
export async function createRoleFrom(organizationId: string, spec: RoleSpec): Promise<string> {
  const db = testDb();
  const role = await createRole(organizationId, spec.name ? { name: spec.name } : {});
  for (const policySpec of spec.policies) {
    const policy = await db.policy.create({
      data: {
        organizationId,
        roleId: role.id,
        resource: policySpec.resource,
        action: policySpec.action,
        effect: policySpec.effect ?? "allow",
        priority: policySpec.priority ?? 0,
      },
    });
    const rules = policySpec.rules ?? [];
    if (rules.length > 0) {
      await db.scopeRule.createMany({
        data: rules.map((rule) =>
          "field" in rule
            ? {
                organizationId,
                policyId: policy.id,
                type: "field" as const,
                field: rule.field,
                operator: rule.op,
                value: json(rule.value),
              }
            : {
                organizationId,
                policyId: policy.id,
                type: "relation" as const,
                relationPath: rule.relation,
                relationDirection: rule.direction ?? "any",
                value: json(rule.value),
              },
        ),
      });
    }
    const masks = policySpec.masks ?? [];
    if (masks.length > 0) {
      await db.fieldMask.createMany({
        data: masks.map((mask) => ({
          organizationId,
          policyId: policy.id,
          fieldPath: mask.path,
          maskType: mask.type,
          ...(mask.config && { maskConfig: mask.config }),
        })),
      });
    }
  }
  return role.id;
}

/** Creates each role and assigns it to the user (with the spec's scoping and expiry). */
export async function grantRoles(
  organizationId: string,
  userId: string,
  specs: RoleSpec[],
): Promise<string[]> {
  const roleIds: string[] = [];
  for (const spec of specs) {
    const roleId = await createRoleFrom(organizationId, spec);
    await testDb().userRole.create({
      data: {
        organizationId,
        userId,
        roleId,
        resourceType: spec.resourceType ?? null,
        resourceId: spec.resourceId ?? null,
        expiresAt: spec.expiresAt ?? null,
      },
    });
    roleIds.push(roleId);
  }
  return roleIds;
}

/** A policy allowing every action on one resource, optionally scoped and masked. */
export const allowAll = (
  resource: string,
  extra: Omit<PolicySpec, "resource" | "action"> = {},
): PolicySpec => ({ resource, action: "*", ...extra });
