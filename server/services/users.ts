import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import { authMode } from "@/server/auth/mode";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import {
  actsAsOwner,
  currentActor,
  listMembers,
  lockOwnerMemberships,
} from "@/server/services/memberships";
import { listUserOrganizations } from "@/server/services/organizations";
import type { updateUserInput } from "@/server/routers/users.schemas";

// Users as the actor's organization sees them: a user outside it is "not found".

const userSelect = { id: true, name: true, email: true, createdAt: true, updatedAt: true } as const;

async function findOrgUser(ctx: { db: DbClient; actor: Actor }, id: string) {
  const membership = await ctx.db.membership.findFirst({
    where: { organizationId: ctx.actor.orgId, userId: id, user: { deletedAt: null } },
    select: { role: true, user: { select: userSelect } },
  });
  if (!membership) throw notFound("User");
  return { ...membership.user, role: membership.role };
}

export async function getUser(ctx: ServiceContext, input: { id: string }) {
  return findOrgUser(ctx, input.id);
}

/** The signed-in user, with every organization they belong to (for the switcher). */
export async function getCurrentUser(ctx: Pick<ServiceContext, "db">, userId: string) {
  const user = await ctx.db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: userSelect,
  });
  if (!user) throw notFound("User");
  return { ...user, organizations: await listUserOrganizations(ctx.db, userId) };
}

export async function listUsers(ctx: ServiceContext) {
  const members = await listMembers(ctx);
  return members.map((member) => ({
    ...member.user,
    role: member.role,
    memberSince: member.createdAt,
  }));
}

/**
 * Takes the user's row lock until the transaction ends (`FOR UPDATE`): a membership insert
 * checks its user row and waits for it, so the user's organizations stay as read meanwhile.
 */
async function lockUser(tx: Prisma.TransactionClient, userId: string) {
  await tx.$queryRaw`SELECT "id" FROM "users" WHERE "id" = ${userId} FOR UPDATE`;
}

/**
 * A user's name and email are theirs in every organization they belong to: an owner or admin
 * may change them (or delete the user) only when this organization is the user's only one.
 */
async function assertOnlyHere(tx: Prisma.TransactionClient, orgId: string, userId: string) {
  const elsewhere = await tx.membership.count({
    where: { userId, organizationId: { not: orgId } },
  });
  if (elsewhere > 0) {
    throw forbidden("This user belongs to other organizations: only they can change their profile");
  }
}

/** What users.update validates. */
export type UpdateUserInput = z.output<typeof updateUserInput>;

/**
 * A user edits their own name (and email in local mode); owners and admins may rename a member
 * whose only organization is this one.
 */
export async function updateUser(ctx: ServiceContext, input: UpdateUserInput) {
  const self = ctx.actor.type === "user" && ctx.actor.userId === input.id;
  if (!self) requireOrgAdmin(ctx.actor, "edit other members");
  return ctx.db.$transaction(async (tx) => {
    await lockUser(tx, input.id);
    const target = await findOrgUser({ db: tx, actor: ctx.actor }, input.id);
    if (!self) await assertOnlyHere(tx, ctx.actor.orgId, input.id);
    if (input.email !== undefined && input.email !== target.email) {
      if (!self) throw forbidden("Only the user can change their email");
      if (authMode() === "clerk") throw badRequest("Email addresses are managed in Clerk", "email");
      const taken = await tx.user.count({
        where: { email: input.email, deletedAt: null, NOT: { id: input.id } },
      });
      if (taken > 0) throw conflict("Another user has this email", "email");
    }
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.email !== undefined && { email: input.email }),
    };
    const user = await tx.user.update({
      where: { id: input.id },
      data: changes,
      select: userSelect,
    });
    await recordEvent(tx, ctx.actor, {
      eventType: "user.updated",
      payload: { userId: input.id, changes },
    });
    return { ...user, role: target.role };
  });
}

/**
 * Soft-deletes a user: they lose all access. A user may delete themselves unless they are the
 * last owner somewhere; an admin may delete a member whose only organization is this one (a
 * person's access to other organizations is not this organization's to take: remove the
 * membership instead). Decided under the user's row lock and the owner memberships' locks of
 * each organization the user owns, so a membership added or an owner removed meanwhile counts.
 */
export async function removeUser(ctx: ServiceContext, input: { id: string }) {
  const self = ctx.actor.type === "user" && ctx.actor.userId === input.id;
  if (!self) requireOrgAdmin(ctx.actor, "remove users");
  await ctx.db.$transaction(async (tx) => {
    await lockUser(tx, input.id);
    const memberships = await tx.membership.findMany({
      where: { userId: input.id },
      orderBy: { organizationId: "asc" },
    });
    const actors = ctx.actor.type === "user" ? [input.id, ctx.actor.userId] : [input.id];
    const owned = memberships.filter((m) => m.role === "owner").map((m) => m.organizationId);
    for (const orgId of [...new Set([...owned, ctx.actor.orgId])].sort()) {
      await lockOwnerMemberships(tx, orgId, actors);
    }
    const target = await findOrgUser({ db: tx, actor: ctx.actor }, input.id);
    if (!self) {
      const actor = await currentActor(tx, ctx.actor);
      requireOrgAdmin(actor, "remove users");
      if (target.role === "owner" && !actsAsOwner(actor)) {
        throw forbidden("Only an owner can remove owners");
      }
      if (memberships.some((membership) => membership.organizationId !== ctx.actor.orgId)) {
        throw forbidden(
          "This user belongs to other organizations: remove their membership instead",
        );
      }
    }
    for (const orgId of owned) {
      const owners = await tx.membership.count({ where: { organizationId: orgId, role: "owner" } });
      if (owners <= 1) throw conflict("The last owner of an organization cannot be removed");
    }
    await tx.user.update({ where: { id: input.id }, data: { deletedAt: new Date() } });
    await tx.membership.deleteMany({ where: { userId: input.id } });
    await recordEvent(tx, ctx.actor, { eventType: "user.deleted", payload: { userId: input.id } });
  });
  return { id: input.id, removed: true as const };
}
