import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { OrgRole } from "@/generated/prisma/client";
import { isOrgOwner, type Actor } from "@/server/auth/actor";
import { identityProvider } from "@/server/auth/identity-provider";
import { conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { memberSelect } from "@/server/services/member-select";
import type {
  changeMemberRoleInput,
  inviteMemberInput,
} from "@/server/routers/memberships.schemas";

// Members of the actor's organization. Org roles: owners and admins manage members; only an
// owner touches owners; the last owner can neither leave nor be demoted or removed (docs/identity.md).

export async function listMembers(ctx: ServiceContext) {
  return ctx.db.membership.findMany({
    where: { organizationId: ctx.actor.orgId, user: { deletedAt: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: memberSelect,
  });
}

async function findMember(db: DbClient, orgId: string, userId: string) {
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId: orgId } },
    select: memberSelect,
  });
  if (!membership) throw notFound("Member");
  return membership;
}

/** An owner, or the system (which acts for the organization as a whole). */
export function actsAsOwner(actor: Actor): boolean {
  return actor.type === "system" || isOrgOwner(actor);
}

/**
 * Locks, until the transaction ends, the organization's owner memberships and those of the
 * given users (in id order, so concurrent changes wait for each other instead of deadlocking).
 * Every change that could take an owner away takes these first: two owners demoting or
 * removing each other at once run one after the other, and the second sees one owner left.
 */
export async function lockOwnerMemberships(
  tx: DbClient,
  orgId: string,
  userIds: string[],
): Promise<void> {
  await tx.$queryRaw`
    SELECT "id" FROM "memberships"
    WHERE "organizationId" = ${orgId} AND ("role" = 'owner' OR "userId" = ANY(${userIds}))
    ORDER BY "id" FOR UPDATE`;
}

/**
 * The acting user as their membership is now, read under the lock: a role taken away since the
 * request began no longer counts (an owner demoted meanwhile cannot change owners).
 */
export async function currentActor(tx: DbClient, actor: Actor): Promise<Actor> {
  if (actor.type !== "user") return actor;
  const membership = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: actor.userId, organizationId: actor.orgId } },
    select: { role: true },
  });
  if (!membership) throw forbidden("You are no longer a member of this organization");
  return { ...actor, orgRole: membership.role };
}

async function assertNotLastOwner(db: DbClient, orgId: string, role: OrgRole): Promise<void> {
  if (role !== "owner") return;
  const owners = await db.membership.count({ where: { organizationId: orgId, role: "owner" } });
  if (owners <= 1) throw conflict("The last owner cannot leave, be removed or lose the owner role");
}

/** What memberships.invite validates (`role` defaults to member there). */
export type InviteMemberInput = z.output<typeof inviteMemberInput>;

export async function inviteMember(ctx: ServiceContext, input: InviteMemberInput) {
  requireOrgAdmin(ctx.actor, "invite members");
  if (input.role === "owner" && !actsAsOwner(ctx.actor))
    throw forbidden("Only an owner can add owners");
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.db.membership.findFirst({
    where: { organizationId: ctx.actor.orgId, user: { email, deletedAt: null } },
  });
  if (existing) throw conflict(`${email} is already a member`, "email");
  return identityProvider().inviteMember(ctx, { email, role: input.role });
}

/** What memberships.changeRole validates. */
export type ChangeMemberRoleInput = z.output<typeof changeMemberRoleInput>;

export async function changeMemberRole(ctx: ServiceContext, input: ChangeMemberRoleInput) {
  requireOrgAdmin(ctx.actor, "change member roles");
  const orgId = ctx.actor.orgId;
  return ctx.db.$transaction(async (tx) => {
    // Checked and written under the locks, on the memberships as they are now.
    await lockOwnerMemberships(tx, orgId, actingUsers(ctx.actor, input.userId));
    const actor = await currentActor(tx, ctx.actor);
    requireOrgAdmin(actor, "change member roles");
    const target = await findMember(tx, orgId, input.userId);
    if ((target.role === "owner" || input.role === "owner") && !actsAsOwner(actor)) {
      throw forbidden("Only an owner can change owners");
    }
    if (target.role === input.role) return target;
    if (input.role !== "owner") await assertNotLastOwner(tx, orgId, target.role);
    await identityProvider().changeRole(ctx, { userId: input.userId, role: input.role });
    const updated = await tx.membership.update({
      where: { id: target.id },
      data: { role: input.role },
      select: memberSelect,
    });
    await recordEvent(tx, ctx.actor, {
      eventType: "member.roleChanged",
      payload: { userId: input.userId, from: target.role, to: input.role },
    });
    return updated;
  });
}

/** The users whose memberships a change reads: the target and, for a user, the actor. */
function actingUsers(actor: Actor, userId: string): string[] {
  return actor.type === "user" ? [userId, actor.userId] : [userId];
}

export async function removeMember(ctx: ServiceContext, input: { userId: string }) {
  const leaving = ctx.actor.type === "user" && ctx.actor.userId === input.userId;
  if (!leaving) requireOrgAdmin(ctx.actor, "remove members");
  const orgId = ctx.actor.orgId;
  await ctx.db.$transaction(async (tx) => {
    await lockOwnerMemberships(tx, orgId, actingUsers(ctx.actor, input.userId));
    const target = await findMember(tx, orgId, input.userId);
    if (!leaving) {
      const actor = await currentActor(tx, ctx.actor);
      requireOrgAdmin(actor, "remove members");
      if (target.role === "owner" && !actsAsOwner(actor))
        throw forbidden("Only an owner can remove owners");
    }
    await assertNotLastOwner(tx, orgId, target.role);
    await identityProvider().removeMember(ctx, { userId: input.userId });
    await tx.membership.delete({ where: { id: target.id } });
    await recordEvent(tx, ctx.actor, {
      eventType: leaving ? "member.left" : "member.removed",
      payload: { userId: input.userId, role: target.role },
    });
  });
  return { userId: input.userId, removed: true as const };
}

/** The signed-in user leaves the organization. */
export async function leaveOrganization(ctx: ServiceContext) {
  if (ctx.actor.type !== "user") throw forbidden("Only users can leave an organization");
  return removeMember(ctx, { userId: ctx.actor.userId });
}
