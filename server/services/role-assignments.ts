import { isUniqueViolation } from "@/server/db/errors";
import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { findOwnRole, MANAGE_ROLES } from "@/server/services/roles";
import type { assignRoleInput, unassignRoleInput } from "@/server/routers/roles.schemas";

// Role assignments (userRoles). An absent and a null resource scope are the same scope: the
// original compared absent with null, so duplicates accumulated and unscoped assignments could
// not be removed. The database enforces it too (unique index over
// COALESCE). An expired assignment no longer counts: assigning the role again renews it.

/** A role of a user and its scope, as roles.removeFromUser validates it. */
export type AssignmentScope = z.output<typeof unassignRoleInput>;
/** An assignment to make, as roles.assignToUser validates it. */
export type AssignRoleInput = z.output<typeof assignRoleInput>;

const assignmentSelect = {
  id: true,
  userId: true,
  roleId: true,
  resourceType: true,
  resourceId: true,
  grantedById: true,
  expiresAt: true,
  createdAt: true,
} as const;

const isExpired = (expiresAt: Date | null, now: Date) =>
  expiresAt !== null && expiresAt.getTime() <= now.getTime();

/** A member of the organization (a user who is not, or is deleted, is "not found"). */
async function assertMember(db: DbClient, orgId: string, userId: string): Promise<void> {
  const member = await db.membership.count({
    where: { userId, organizationId: orgId, user: { deletedAt: null } },
  });
  if (member === 0) throw notFound("User");
}

/** The scope an assignment may carry: a type of the org (or `entityType`), then one record. */
async function assertScope(
  db: DbClient,
  orgId: string,
  resourceType: string | null,
  resourceId: string | null,
) {
  if (resourceType === null) {
    if (resourceId !== null) throw badRequest("resourceId needs a resourceType", "resourceType");
    return;
  }
  if (resourceType !== "entityType") {
    const type = await db.entityType.count({
      where: { organizationId: orgId, slug: resourceType },
    });
    if (type === 0) throw badRequest(`Unknown entity type "${resourceType}"`, "resourceType");
  }
  if (resourceId === null) return;
  const entity = await db.entity.count({
    where: { id: resourceId, organizationId: orgId, entityType: { slug: resourceType } },
  });
  if (entity === 0) throw badRequest(`No ${resourceType} with this id`, "resourceId");
}

export async function assignRoleToUser(ctx: ServiceContext, input: AssignRoleInput) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  const now = new Date();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && isExpired(expiresAt, now)) {
    throw badRequest("Expiry must be in the future", "expiresAt");
  }
  const resourceType = input.resourceType ?? null;
  const resourceId = input.resourceId ?? null;
  return ctx.db
    .$transaction(async (tx) => {
      const role = await findOwnRole(tx, actor.orgId, input.roleId);
      await assertMember(tx, actor.orgId, input.userId);
      await assertScope(tx, actor.orgId, resourceType, resourceId);
      const existing = await tx.userRole.findFirst({
        where: { userId: input.userId, roleId: role.id, resourceType, resourceId },
        select: assignmentSelect,
      });
      if (existing && !isExpired(existing.expiresAt, now)) {
        throw conflict("User already has this role");
      }
      const data = { expiresAt, grantedById: actor.type === "user" ? actor.userId : null };
      const assignment = existing
        ? await tx.userRole.update({ where: { id: existing.id }, data, select: assignmentSelect })
        : await tx.userRole.create({
            data: {
              organizationId: actor.orgId,
              userId: input.userId,
              roleId: role.id,
              resourceType,
              resourceId,
              ...data,
            },
            select: assignmentSelect,
          });
      await recordEvent(tx, actor, {
        eventType: "role.assigned",
        payload: {
          assignmentId: assignment.id,
          roleId: role.id,
          roleName: role.name,
          userId: input.userId,
          resourceType,
          resourceId,
          expiresAt: expiresAt?.toISOString() ?? null,
          renewed: existing !== null,
        },
      });
      return assignment;
    })
    .catch((error: unknown) => {
      // The same assignment made concurrently: the unique index answers.
      if (isUniqueViolation(error)) {
        throw conflict("User already has this role");
      }
      throw error;
    });
}

export async function removeRoleFromUser(ctx: ServiceContext, input: AssignmentScope) {
  requireOrgAdmin(ctx.actor, MANAGE_ROLES);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const role = await findOwnRole(tx, actor.orgId, input.roleId);
    // A former member's leftover assignment can still be removed: no membership check here.
    const assignment = await tx.userRole.findFirst({
      where: {
        organizationId: actor.orgId,
        userId: input.userId,
        roleId: role.id,
        resourceType: input.resourceType ?? null,
        resourceId: input.resourceId ?? null,
      },
      select: assignmentSelect,
    });
    if (!assignment) throw notFound("Role assignment");
    await tx.userRole.delete({ where: { id: assignment.id } });
    await recordEvent(tx, actor, {
      eventType: "role.unassigned",
      payload: {
        assignmentId: assignment.id,
        roleId: role.id,
        roleName: role.name,
        userId: assignment.userId,
        resourceType: assignment.resourceType,
        resourceId: assignment.resourceId,
        expired: isExpired(assignment.expiresAt, new Date()),
      },
    });
    return { id: assignment.id, removed: true as const };
  });
}

/** A member's assignments, in force and expired (flagged), with their roles. */
export async function getUserRoles(ctx: ServiceContext, input: { userId: string }) {
  await assertMember(ctx.db, ctx.actor.orgId, input.userId);
  const now = new Date();
  const rows = await ctx.db.userRole.findMany({
    where: { organizationId: ctx.actor.orgId, userId: input.userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      ...assignmentSelect,
      role: { select: { id: true, name: true, description: true, isSystem: true } },
    },
  });
  return rows.map((row) => ({ ...row, expired: isExpired(row.expiresAt, now) }));
}
