import type { z } from "zod";
import type { Actor } from "@/server/auth/actor";
import { buildUserActor, loadActiveUser } from "@/server/auth/session";
import { badRequest, notFound } from "@/server/errors";
import {
  explain,
  loadPolicyContext,
  loadPolicyContextForRoles,
  PolicyEngine,
  type PolicyContext,
} from "@/server/policy";
import type { simulateInput } from "@/server/routers/roles.schemas";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { findOwnRole } from "@/server/services/roles";

// The permission simulator (docs/permissions.md): what a member, a role or the organization's agents may do
// on a resource, and on one record, explained policy by policy. It reads only, and only this
// organization: another organization's user, role or record is "not found".

/** What roles.simulate validates. */
export type SimulateInput = z.output<typeof simulateInput>;
export type SimulationSubject = SimulateInput["subject"];

type LoadedRecord = Awaited<ReturnType<typeof loadRecord>>["entity"];
export type SimulatedRecord = Partial<LoadedRecord> & { id: string };

async function subjectContext(
  ctx: ServiceContext,
  subject: SimulationSubject,
): Promise<PolicyContext> {
  const orgId = ctx.actor.orgId;
  if (subject.type === "user") {
    const actor = (await loadActiveUser(ctx.db, subject.userId))
      ? await buildUserActor(ctx.db, subject.userId, orgId)
      : null;
    if (!actor) throw notFound("User");
    return loadPolicyContext(ctx.db, actor);
  }
  if (subject.type === "role") {
    const role = await findOwnRole(ctx.db, orgId, subject.roleId);
    // A plain member holding exactly this role; `actor.userId` templates resolve to the caller.
    const actor: Actor = {
      type: "user",
      userId: ctx.actor.type === "user" ? ctx.actor.userId : "simulated",
      orgId,
      orgRole: "member",
    };
    return loadPolicyContextForRoles(ctx.db, actor, [role.id]);
  }
  // A public-API chat: the organization's role named `agent`, if any.
  return loadPolicyContext(ctx.db, { type: "agent", agentId: "simulated", orgId, roleIds: [] });
}

async function loadRecord(ctx: ServiceContext, entityId: string, resource: string) {
  const orgId = ctx.actor.orgId;
  const found = await ctx.db.entity.findFirst({
    where: { id: entityId, organizationId: orgId, deletedAt: null },
    select: {
      id: true,
      entityTypeId: true,
      status: true,
      data: true,
      createdAt: true,
      updatedAt: true,
      entityType: { select: { slug: true } },
    },
  });
  if (!found) throw notFound("Entity");
  const { entityType, ...entity } = found;
  // Services decide on a record under its type's slug; any other resource would explain a
  // decision that is never made.
  if (entityType.slug !== resource) {
    throw badRequest(`This entity is a ${entityType.slug}: simulate on that resource`, "resource");
  }
  const relations = await ctx.db.entityRelation.findMany({
    where: { organizationId: orgId, OR: [{ fromEntityId: entity.id }, { toEntityId: entity.id }] },
    select: { fromEntityId: true, toEntityId: true, relationType: true },
  });
  return { entity, relations };
}

export async function simulatePermission(ctx: ServiceContext, input: SimulateInput) {
  requireOrgAdmin(ctx.actor, "simulate permissions");
  const engine = new PolicyEngine(await subjectContext(ctx, input.subject));
  const record = input.entityId ? await loadRecord(ctx, input.entityId, input.resource) : undefined;
  const explanation = explain(engine, input.resource, input.action, record);
  // explain returns the record it was given, masked: some data fields may be gone.
  return { ...explanation, record: explanation.record as SimulatedRecord | null };
}
