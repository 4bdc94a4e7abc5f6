import { isOrgOwner } from "@/server/auth/actor";
import { authMode } from "@/server/auth/mode";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { listMembers } from "@/server/services/memberships";
import { listUserOrganizations } from "@/server/services/organizations";

// Users as the actor's organization sees them: a user outside it is "not found".

const userSelect = { id: true, name: true, email: true, createdAt: true, updatedAt: true } as const;

async function findOrgUser(ctx: ServiceContext, id: string) {
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

/** A user edits their own name (and email in local mode); admins may rename members. */
export async function updateUser(
  ctx: ServiceContext,
  input: { id: string; name?: string; email?: string },
) {
  const target = await findOrgUser(ctx, input.id);
  const self = ctx.actor.type === "user" && ctx.actor.userId === input.id;
  if (!self) requireOrgAdmin(ctx.actor, "edit other members");
  if (input.email !== undefined && input.email !== target.email) {
    if (!self) throw forbidden("Only the user can change their email");
    if (authMode() === "clerk") throw badRequest("Email addresses are managed in Clerk", "email");
    const taken = await ctx.db.user.count({
      where: { email: input.email, deletedAt: null, NOT: { id: input.id } },
    });
    if (taken > 0) throw conflict("Another user has this email", "email");
  }
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.email !== undefined && { email: input.email }),
  };
  return ctx.db.$transaction(async (tx) => {
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
 * membership instead).
 */
export async function removeUser(ctx: ServiceContext, input: { id: string }) {
  const target = await findOrgUser(ctx, input.id);
  const self = ctx.actor.type === "user" && ctx.actor.userId === input.id;
  if (!self) {
    requireOrgAdmin(ctx.actor, "remove users");
    if (target.role === "owner" && !isOrgOwner(ctx.actor)) {
      throw forbidden("Only an owner can remove owners");
    }
  }
  const memberships = await ctx.db.membership.findMany({ where: { userId: input.id } });
  if (!self && memberships.some((membership) => membership.organizationId !== ctx.actor.orgId)) {
    throw forbidden("This user belongs to other organizations: remove their membership instead");
  }
  for (const membership of memberships.filter((m) => m.role === "owner")) {
    const owners = await ctx.db.membership.count({
      where: { organizationId: membership.organizationId, role: "owner" },
    });
    if (owners <= 1) throw conflict("The last owner of an organization cannot be removed");
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.id }, data: { deletedAt: new Date() } });
    await tx.membership.deleteMany({ where: { userId: input.id } });
    await recordEvent(tx, ctx.actor, { eventType: "user.deleted", payload: { userId: input.id } });
  });
  return { id: input.id, removed: true as const };
}
