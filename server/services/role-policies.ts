import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { Prisma } from "@/generated/prisma/client";
import { ensurePathStatistics } from "@/server/db/path-statistics";
import { notFound } from "@/server/errors";
import { log } from "@/server/log";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import {
  assertFieldMask,
  assertResource,
  scopeRuleData,
  storedJson,
  type ScopeRuleInput,
} from "@/server/services/policy-validation";
import { findOwnRole, MANAGE_ROLES } from "@/server/services/roles";
import type {
  addFieldMaskInput,
  addPolicyInput,
  addScopeRuleInput,
  updatePolicyInput,
} from "@/server/routers/roles.schemas";

// Policies of a role, with their scope rules and field masks (docs/permissions.md). Owners and admins only;
// a policy, rule or mask of another organization is "not found". System roles' policies stay
// editable, as in the original. Every change is recorded in the same transaction.

/** A new policy of a role, as roles.addPolicy validates it. */
export type PolicyInput = z.output<typeof addPolicyInput>;
/** A change of a policy, as roles.updatePolicy validates it. */
export type PolicyUpdateInput = z.output<typeof updatePolicyInput>;

const policySelect = {
  id: true,
  roleId: true,
  resource: true,
  action: true,
  effect: true,
  priority: true,
  createdAt: true,
  updatedAt: true,
} as const;

type PolicyRow = Prisma.PolicyGetPayload<{ select: typeof policySelect }>;

/**
 * A policy of the organization, or NOT_FOUND. `lock` takes its row lock first: `update` for a
 * change or removal of the policy (decided on what is read under it), `share` for adding a rule
 * or mask to it (a removal of the policy then waits, and takes the new rows with it).
 */
async function findOwnPolicy(db: DbClient, orgId: string, id: string, lock?: "update" | "share") {
  if (lock === "update") {
    await db.$queryRaw`
      SELECT "id" FROM "policies" WHERE "id" = ${id} AND "organizationId" = ${orgId} FOR UPDATE`;
  } else if (lock === "share") {
    await db.$queryRaw`
      SELECT "id" FROM "policies" WHERE "id" = ${id} AND "organizationId" = ${orgId}
      FOR KEY SHARE`;
  }
  const policy = await db.policy.findFirst({
    where: { id, organizationId: orgId },
    select: policySelect,
  });
  if (!policy) throw notFound("Policy");
  return policy;
}

const policyPayload = (policy: PolicyRow) => ({
  roleId: policy.roleId,
  resource: policy.resource,
  action: policy.action,
  effect: policy.effect,
  priority: policy.priority,
});

export async function addPolicy(ctx: ServiceContext, input: PolicyInput) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const role = await findOwnRole(tx, actor.orgId, input.roleId);
    await assertResource(tx, actor.orgId, input.resource);
    const policy = await tx.policy.create({
      data: {
        organizationId: actor.orgId,
        roleId: role.id,
        resource: input.resource,
        action: input.action,
        effect: input.effect,
        priority: input.priority ?? 0,
      },
      select: policySelect,
    });
    await recordEvent(tx, actor, {
      eventType: "policy.created",
      payload: { policyId: policy.id, roleName: role.name, ...policyPayload(policy) },
    });
    return policy;
  });
}

export async function updatePolicy(ctx: ServiceContext, input: PolicyUpdateInput) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const current = await findOwnPolicy(tx, actor.orgId, input.id, "update");
    const data: Prisma.PolicyUpdateInput = {};
    if (input.resource !== undefined && input.resource !== current.resource) {
      await assertResource(tx, actor.orgId, input.resource);
      data.resource = input.resource;
    }
    if (input.action !== undefined && input.action !== current.action) data.action = input.action;
    if (input.effect !== undefined && input.effect !== current.effect) data.effect = input.effect;
    if (input.priority !== undefined && input.priority !== current.priority)
      data.priority = input.priority;
    if (Object.keys(data).length === 0) return current;
    const policy = await tx.policy.update({
      where: { id: current.id },
      data,
      select: policySelect,
    });
    await recordEvent(tx, actor, {
      eventType: "policy.updated",
      payload: {
        policyId: policy.id,
        changed: Object.keys(data),
        before: policyPayload(current),
        ...policyPayload(policy),
      },
    });
    return policy;
  });
}

/** Removes a policy; its scope rules and field masks cascade in the database. */
export async function removePolicy(ctx: ServiceContext, input: { id: string }) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const policy = await findOwnPolicy(tx, actor.orgId, input.id, "update");
    const [scopeRuleCount, fieldMaskCount] = await Promise.all([
      tx.scopeRule.count({ where: { policyId: policy.id } }),
      tx.fieldMask.count({ where: { policyId: policy.id } }),
    ]);
    await tx.policy.delete({ where: { id: policy.id } });
    await recordEvent(tx, actor, {
      eventType: "policy.deleted",
      payload: { policyId: policy.id, ...policyPayload(policy), scopeRuleCount, fieldMaskCount },
    });
    return { id: policy.id, removed: true as const };
  });
}

export async function addScopeRule(
  ctx: ServiceContext,
  input: ScopeRuleInput & Pick<z.output<typeof addScopeRuleInput>, "policyId">,
) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  const created = await ctx.db.$transaction(async (tx) => {
    const policy = await findOwnPolicy(tx, actor.orgId, input.policyId, "share");
    const rule = await scopeRuleData(tx, actor.orgId, input);
    const created = await tx.scopeRule.create({
      data: {
        organizationId: actor.orgId,
        policyId: policy.id,
        ...rule,
        value: storedJson(rule.value),
      },
    });
    const { organizationId: _organizationId, ...shown } = created;
    await recordEvent(tx, actor, {
      eventType: "scopeRule.created",
      payload: { scopeRuleId: created.id, policyId: policy.id, roleId: policy.roleId, ...rule },
    });
    return shown;
  });
  // So the planner knows how many records the rule keeps (see path-statistics.ts). The rule
  // holds without them; only plans suffer, so a failure is logged rather than returned.
  if (created.type === "field" && created.field?.startsWith("data.")) {
    await ensurePathStatistics(ctx.db, created.field, { orgId: actor.orgId }).catch(
      (error: unknown) =>
        log({ field: created.field }).error({ err: error }, "path statistics not created"),
    );
  }
  return created;
}

export async function removeScopeRule(ctx: ServiceContext, input: { id: string }) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    // Under the rule's row lock: a second removal at once finds nothing.
    await tx.$queryRaw`
      SELECT "id" FROM "scopeRules" WHERE "id" = ${input.id} AND "organizationId" = ${actor.orgId}
      FOR UPDATE`;
    const rule = await tx.scopeRule.findFirst({
      where: { id: input.id, organizationId: actor.orgId },
      include: { policy: { select: { roleId: true } } },
    });
    if (!rule) throw notFound("Scope rule");
    await tx.scopeRule.delete({ where: { id: rule.id } });
    await recordEvent(tx, actor, {
      eventType: "scopeRule.deleted",
      payload: {
        scopeRuleId: rule.id,
        policyId: rule.policyId,
        roleId: rule.policy.roleId,
        type: rule.type,
        field: rule.field,
        operator: rule.operator,
        value: rule.value,
        relationPath: rule.relationPath,
        relationDirection: rule.relationDirection,
      },
    });
    return { id: rule.id, removed: true as const };
  });
}

export async function addFieldMask(ctx: ServiceContext, input: z.output<typeof addFieldMaskInput>) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  assertFieldMask(input);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const policy = await findOwnPolicy(tx, actor.orgId, input.policyId, "share");
    const maskConfig = input.maskConfig ?? null;
    const created = await tx.fieldMask.create({
      data: {
        organizationId: actor.orgId,
        policyId: policy.id,
        fieldPath: input.fieldPath,
        maskType: input.maskType,
        maskConfig: maskConfig ?? Prisma.DbNull,
      },
    });
    const { organizationId: _organizationId, ...shown } = created;
    await recordEvent(tx, actor, {
      eventType: "fieldMask.created",
      payload: {
        fieldMaskId: created.id,
        policyId: policy.id,
        roleId: policy.roleId,
        fieldPath: created.fieldPath,
        maskType: created.maskType,
        maskConfig,
      },
    });
    return shown;
  });
}

export async function removeFieldMask(ctx: ServiceContext, input: { id: string }) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`
      SELECT "id" FROM "fieldMasks" WHERE "id" = ${input.id} AND "organizationId" = ${actor.orgId}
      FOR UPDATE`;
    const mask = await tx.fieldMask.findFirst({
      where: { id: input.id, organizationId: actor.orgId },
      include: { policy: { select: { roleId: true } } },
    });
    if (!mask) throw notFound("Field mask");
    await tx.fieldMask.delete({ where: { id: mask.id } });
    await recordEvent(tx, actor, {
      eventType: "fieldMask.deleted",
      payload: {
        fieldMaskId: mask.id,
        policyId: mask.policyId,
        roleId: mask.policy.roleId,
        fieldPath: mask.fieldPath,
        maskType: mask.maskType,
      },
    });
    return { id: mask.id, removed: true as const };
  });
}
