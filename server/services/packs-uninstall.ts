import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { conflict } from "@/server/errors";
import type { uninstallPackInput } from "@/server/routers/packs.schemas";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { MANAGE_PACKS } from "@/server/services/packs-install";
import {
  assertNotUpgrading,
  lockInstalled,
  readCreatedIds,
  zeroCounts,
} from "@/server/services/packs-records";

// Uninstalling removes what the pack created, in one transaction: its agents (soft-deleted,
// with their tool permissions), the policies, scope rules and masks it added (to its own roles
// or to roles it found), its roles, and its entity types unless they hold records (all go with
// `purgeData`). What it found in the organization, and what another installed pack also links,
// stays. Refused (409) while users hold a role it would remove, or another agent's tool runs as
// one: the message names them.

export type UninstallPackInput = z.output<typeof uninstallPackInput>;

const LONG = { timeout: 60_000, maxWait: 10_000 };

const listed = (names: string[]) =>
  names.length > 5
    ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`
    : names.join(", ");

/** Ids linked by the organization's other installed packs (never removed with this one). */
async function linkedElsewhere(tx: Prisma.TransactionClient, orgId: string, rowId: string) {
  const others = await tx.installedPack.findMany({
    where: { organizationId: orgId, id: { not: rowId } },
    select: { entityTypeIds: true, roleIds: true, agentIds: true },
  });
  return new Set(
    others.flatMap((other) => [...other.entityTypeIds, ...other.roleIds, ...other.agentIds]),
  );
}

export async function uninstallPack(ctx: ServiceContext, input: UninstallPackInput) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const actor = ctx.actor;
  const orgId = actor.orgId;
  const now = new Date();
  return ctx.db.$transaction(async (tx) => {
    const row = await lockInstalled(tx, orgId, input.packId);
    assertNotUpgrading(row);
    const created = readCreatedIds(row);
    const shared = await linkedElsewhere(tx, orgId, row.id);
    const removed = zeroCounts();

    const roles = await tx.role.findMany({
      where: { organizationId: orgId, id: { in: created.roles.filter((id) => !shared.has(id)) } },
      select: { id: true, name: true },
    });
    const roleIds = roles.map((role) => role.id);
    const holders = await tx.userRole.findMany({
      where: { roleId: { in: roleIds }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { role: { select: { name: true } }, user: { select: { name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    });
    if (holders.length > 0) {
      const names = [
        ...new Set(
          holders.map(
            ({ user, role }) => `${user.name ?? user.email} <${user.email}> (${role.name})`,
          ),
        ),
      ];
      throw conflict(`Cannot uninstall ${row.packId}: users hold its roles: ${listed(names)}`);
    }
    const agentIds = created.agents.filter((id) => !shared.has(id));
    const tools = await tx.toolPermission.findMany({
      where: { configuredRoleId: { in: roleIds }, agentId: { notIn: agentIds } },
      select: { toolName: true, agent: { select: { name: true } } },
    });
    if (tools.length > 0) {
      const names = tools.map((tool) => `${tool.agent.name} / ${tool.toolName}`);
      throw conflict(`Cannot uninstall ${row.packId}: tools run as its roles: ${listed(names)}`);
    }

    // Agents first: their tool permissions hold the roles (Restrict).
    await tx.toolPermission.deleteMany({
      where: { organizationId: orgId, agentId: { in: agentIds } },
    });
    const agents = await tx.agent.findMany({
      where: { organizationId: orgId, id: { in: agentIds }, status: { not: "deleted" } },
      select: { id: true, name: true, slug: true },
    });
    for (const agent of agents) {
      await tx.agent.update({ where: { id: agent.id }, data: { status: "deleted" } });
      await recordEvent(tx, actor, {
        eventType: "agent.deleted",
        payload: { agentId: agent.id, name: agent.name, slug: agent.slug, packId: row.packId },
      });
    }
    removed.agents = agents.length;

    // What it added to roles that stay; the removed roles take theirs along (cascade).
    const inOrg = (ids: string[]) => ({ organizationId: orgId, id: { in: ids } });
    removed.scopeRules = (
      await tx.scopeRule.deleteMany({ where: inOrg(created.scopeRules) })
    ).count;
    removed.fieldMasks = (
      await tx.fieldMask.deleteMany({ where: inOrg(created.fieldMasks) })
    ).count;
    removed.policies = (await tx.policy.deleteMany({ where: inOrg(created.policies) })).count;
    await tx.userRole.deleteMany({ where: { roleId: { in: roleIds }, expiresAt: { lte: now } } });
    for (const role of roles) {
      await tx.role.delete({ where: { id: role.id } });
      await recordEvent(tx, actor, {
        eventType: "role.deleted",
        payload: { roleId: role.id, name: role.name, packId: row.packId },
      });
    }
    removed.roles = roles.length;

    const types = await tx.entityType.findMany({
      where: inOrg(created.entityTypes.filter((id) => !shared.has(id))),
      select: {
        id: true,
        slug: true,
        name: true,
        _count: { select: { entities: { where: { deletedAt: null } } } },
      },
    });
    const keptEntityTypes: string[] = [];
    for (const type of types) {
      if (type._count.entities > 0 && !input.purgeData) {
        keptEntityTypes.push(type.slug);
        continue;
      }
      const purged = await tx.entity.deleteMany({ where: { entityTypeId: type.id } });
      await tx.entityType.delete({ where: { id: type.id } });
      await recordEvent(tx, actor, {
        eventType: "entityType.deleted",
        entityTypeSlug: type.slug,
        payload: {
          entityTypeId: type.id,
          name: type.name,
          packId: row.packId,
          purgedEntities: purged.count,
        },
      });
      removed.entityTypes += 1;
      removed.sampleRecords += purged.count;
    }

    await tx.installedPack.delete({ where: { id: row.id } });
    await recordEvent(tx, actor, {
      eventType: "pack.uninstalled",
      payload: {
        packId: row.packId,
        version: row.version,
        removed,
        keptEntityTypes,
        purgeData: !!input.purgeData,
      },
    });
    return { uninstalled: true as const, removed, keptEntityTypes };
  }, LONG);
}
