import type { InstalledPack } from "@/generated/prisma/client";
import { compareVersions, policyRows, type PackDefinition } from "@/server/packs/format";
import { defaultRegistry, getPack, latestPacks, type PackRegistry } from "@/server/packs/registry";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { MANAGE_PACKS } from "@/server/services/packs-install";
import { reconcilePack } from "@/server/services/packs-reconcile";
import { effectiveStatus, linksOf, readHistory } from "@/server/services/packs-records";

// The packs on offer with the organization's install state (docs/packs.md): the installed
// version, whether a newer one exists, and what of the installed version is missing (drift),
// found as repair would look for it. Owners and admins only, like every pack operation.

export { installPack, repairPack } from "@/server/services/packs-install";
export { uninstallPack } from "@/server/services/packs-uninstall";
export { previewUpgrade, upgradePack } from "@/server/services/packs-upgrade";

/** What a pack version contains, in installed rows (one policy per action). */
export function packContents(pack: PackDefinition) {
  const rows = pack.roles.map((role) => ({ role, rows: policyRows(role) }));
  const all = rows.flatMap((entry) => entry.rows);
  return {
    entityTypes: pack.entityTypes.map(({ slug, name }) => ({ slug, name })),
    roles: rows.map(({ role, rows: policies }) => ({
      name: role.name,
      policyCount: policies.length,
    })),
    policyCount: all.length,
    scopeRuleCount: all.reduce((sum, row) => sum + row.scopeRules.length, 0),
    fieldMaskCount: all.reduce((sum, row) => sum + row.fieldMasks.length, 0),
    agents: pack.agents.map(({ name, slug }) => ({ name, slug })),
  };
}

async function installedState(
  ctx: ServiceContext,
  row: InstalledPack,
  latest: PackDefinition,
  registry: PackRegistry,
) {
  const pack = getPack(row.packId, row.version, registry);
  const { missing } = await reconcilePack({
    tx: ctx.db,
    orgId: ctx.actor.orgId,
    eventActor: ctx.actor,
    pack,
    links: linksOf(row),
    mode: "check",
  });
  return {
    version: row.version,
    status: effectiveStatus(row),
    installedAt: row.installedAt,
    lastUpgradedAt: row.lastUpgradedAt,
    upgradeAvailable: compareVersions(latest.version, row.version) > 0 ? latest.version : null,
    drift: { missing },
    upgradeHistory: readHistory(row),
  };
}

async function packItem(
  ctx: ServiceContext,
  latest: PackDefinition,
  row: InstalledPack | undefined,
  registry: PackRegistry,
) {
  return {
    id: latest.id,
    name: latest.name,
    description: latest.description,
    version: latest.version,
    author: latest.author,
    license: latest.license,
    contents: packContents(latest),
    installed: row ? await installedState(ctx, row, latest, registry) : null,
  };
}

export async function listPacks(ctx: ServiceContext, registry: PackRegistry = defaultRegistry) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const rows = await ctx.db.installedPack.findMany({ where: { organizationId: ctx.actor.orgId } });
  const items = [];
  for (const latest of latestPacks(registry))
    items.push(
      await packItem(
        ctx,
        latest,
        rows.find((row) => row.packId === latest.id),
        registry,
      ),
    );
  return items;
}

export async function getPackState(
  ctx: ServiceContext,
  input: { packId: string },
  registry: PackRegistry = defaultRegistry,
) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const latest = getPack(input.packId, undefined, registry);
  const row = await ctx.db.installedPack.findUnique({
    where: { organizationId_packId: { organizationId: ctx.actor.orgId, packId: latest.id } },
  });
  return packItem(ctx, latest, row ?? undefined, registry);
}
