import { isUniqueViolation } from "@/server/db/errors";
import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { Prisma } from "@/generated/prisma/client";
import { conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import type { createRoleInput, updateRoleInput } from "@/server/routers/roles.schemas";

// Roles of an organization (docs/permissions.md). Any member may read them; owners and
// admins manage them (platform objects follow the org role, not policies). A role of another
// organization is "not found". System roles keep their name and cannot be removed; their
// policies stay editable (as the original). Names are unique per organization, on rename too
// (the original did not check renames).

export const MANAGE_ROLES = "manage roles";

export const roleSelect = {
  id: true,
  name: true,
  description: true,
  isSystem: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type RoleRecord = Prisma.RoleGetPayload<{ select: typeof roleSelect }>;

const active = (now: Date): Prisma.UserRoleWhereInput => ({
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/**
 * A role of the organization, or NOT_FOUND. `lock` takes its row lock first (`FOR UPDATE`), so
 * a change decided on what it reads runs after any other change of the role, and a role
 * removed meanwhile is not found.
 */
export async function findOwnRole(
  db: DbClient,
  orgId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<RoleRecord> {
  if (options.lock) {
    await db.$queryRaw`
      SELECT "id" FROM "roles" WHERE "id" = ${id} AND "organizationId" = ${orgId} FOR UPDATE`;
  }
  const role = await db.role.findFirst({
    where: { id, organizationId: orgId },
    select: roleSelect,
  });
  if (!role) throw notFound("Role");
  return role;
}

async function assertNameFree(db: DbClient, orgId: string, name: string, except?: string) {
  const taken = await db.role.count({
    where: { organizationId: orgId, name, ...(except && { id: { not: except } }) },
  });
  if (taken > 0) throw conflict("Role with this name already exists", "name");
}

/** A unique violation that slipped past the check (two concurrent writes): still a conflict. */
function nameConflict(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw conflict("Role with this name already exists", "name");
  }
  throw error;
}

export async function listRoles(ctx: ServiceContext) {
  const rows = await ctx.db.role.findMany({
    where: { organizationId: ctx.actor.orgId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      ...roleSelect,
      _count: { select: { policies: true, userRoles: { where: active(new Date()) } } },
    },
  });
  return rows.map(({ _count, ...role }) => ({
    ...role,
    policyCount: _count.policies,
    activeAssignmentCount: _count.userRoles,
  }));
}

export async function getRole(ctx: ServiceContext, input: { id: string }) {
  return findOwnRole(ctx.db, ctx.actor.orgId, input.id);
}

export async function getRoleByName(ctx: ServiceContext, input: { name: string }) {
  const role = await ctx.db.role.findFirst({
    where: { organizationId: ctx.actor.orgId, name: input.name },
    select: roleSelect,
  });
  if (!role) throw notFound(`Role ${input.name}`);
  return role;
}

/** The role with its policies (strongest first), each with its scope rules and field masks. */
export async function getRoleWithPolicies(ctx: ServiceContext, input: { id: string }) {
  const role = await ctx.db.role.findFirst({
    where: { id: input.id, organizationId: ctx.actor.orgId },
    select: {
      ...roleSelect,
      policies: {
        orderBy: [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }],
        include: {
          scopeRules: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
          fieldMasks: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
        },
      },
    },
  });
  if (!role) throw notFound("Role");
  return role;
}

/** What roles.create validates. */
export type CreateRoleInput = z.output<typeof createRoleInput>;

export async function createRole(ctx: ServiceContext, input: CreateRoleInput) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  await assertNameFree(ctx.db, actor.orgId, input.name);
  return ctx.db
    .$transaction(async (tx) => {
      // Never a system role: in the original any caller could create one.
      const role = await tx.role.create({
        data: {
          organizationId: actor.orgId,
          name: input.name,
          description: input.description ?? null,
        },
        select: roleSelect,
      });
      await recordEvent(tx, actor, {
        eventType: "role.created",
        payload: { roleId: role.id, name: role.name, description: role.description },
      });
      return role;
    })
    .catch(nameConflict);
}

/** What roles.update validates. */
export type UpdateRoleInput = z.output<typeof updateRoleInput>;

export async function updateRole(ctx: ServiceContext, input: UpdateRoleInput) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db
    .$transaction(async (tx) => {
      const current = await findOwnRole(tx, actor.orgId, input.id, { lock: true });
      const data: Prisma.RoleUpdateInput = {};
      if (input.name !== undefined && input.name !== current.name) {
        if (current.isSystem) throw forbidden("System roles cannot be renamed");
        await assertNameFree(tx, actor.orgId, input.name, current.id);
        data.name = input.name;
      }
      if (input.description !== undefined && input.description !== current.description) {
        data.description = input.description;
      }
      // Nothing asked to change: no write, no event.
      if (Object.keys(data).length === 0) return current;
      const role = await tx.role.update({ where: { id: current.id }, data, select: roleSelect });
      await recordEvent(tx, actor, {
        eventType: "role.updated",
        payload: {
          roleId: role.id,
          changed: Object.keys(data),
          name: role.name,
          previousName: current.name,
          description: role.description,
        },
      });
      return role;
    })
    .catch(nameConflict);
}

const holderList = (names: string[]) =>
  names.length > 5
    ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`
    : names.join(", ");

/**
 * Removes a role with its policies, their scope rules and masks. Refused (409) while a user
 * holds it (the message lists them) or a tool runs as it. Expired assignments are history, not
 * holders: they go with the role.
 */
export async function removeRole(ctx: ServiceContext, input: { id: string }) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  const now = new Date();
  return ctx.db.$transaction(async (tx) => {
    const role = await findOwnRole(tx, actor.orgId, input.id, { lock: true });
    if (role.isSystem) throw forbidden("System roles cannot be removed");
    const holders = await tx.userRole.findMany({
      where: { roleId: role.id, ...active(now) },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    });
    if (holders.length > 0) {
      const names = [...new Set(holders.map(({ user }) => user.name ?? user.email))];
      throw conflict(`Cannot delete a role assigned to users: ${holderList(names)}`);
    }
    const tools = await tx.toolPermission.findMany({
      where: { configuredRoleId: role.id },
      select: { toolName: true, agent: { select: { name: true } } },
    });
    if (tools.length > 0) {
      const names = tools.map((tool) => `${tool.agent.name} / ${tool.toolName}`);
      throw conflict(`Cannot delete a role that tools run as: ${holderList(names)}`);
    }
    // Only the expired ones: an assignment made meanwhile must block the delete, not vanish.
    const expired = await tx.userRole.deleteMany({
      where: { roleId: role.id, expiresAt: { lte: now } },
    });
    const policies = await tx.policy.count({ where: { roleId: role.id } });
    // Policies, their scope rules and field masks cascade in the database; a user or tool that
    // took the role since the checks above trips the Restrict foreign keys.
    await tx.role.delete({ where: { id: role.id } }).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") {
        throw conflict("Cannot delete a role that is in use");
      }
      throw error;
    });
    await recordEvent(tx, actor, {
      eventType: "role.deleted",
      payload: {
        roleId: role.id,
        name: role.name,
        policyCount: policies,
        expiredAssignmentsRemoved: expired.count,
      },
    });
    return { id: role.id, removed: true as const };
  });
}
