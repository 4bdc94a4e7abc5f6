import { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { InstalledPack, Prisma } from "@/generated/prisma/client";
import { AppError, conflict } from "@/server/errors";
import type { PackCounts } from "@/server/routers/packs.schemas";

// What an installed pack's row records: the items linked to the pack (`entityTypeIds`,
// `roleIds`, `agentIds`: created or found by slug or name) and, in `createdIds`, what the pack
// created itself. Uninstall removes only the latter; drift and repair match by slug, name and
// content, never by these ids.

const ids = z.array(z.string()).default([]);
export const createdIdsSchema = z.object({
  entityTypes: ids,
  roles: ids,
  policies: ids,
  scopeRules: ids,
  fieldMasks: ids,
  agents: ids,
  sampleEntities: ids,
});
export type CreatedIds = z.output<typeof createdIdsSchema>;

export const upgradeEntrySchema = z.object({
  from: z.string(),
  to: z.string(),
  at: z.string(),
  byId: z.string().nullable(),
  status: z.enum(["success", "failed"]),
  error: z.string().optional(),
});
export type UpgradeEntry = z.output<typeof upgradeEntrySchema>;

export const readCreatedIds = (row: Pick<InstalledPack, "createdIds">): CreatedIds =>
  createdIdsSchema.parse(row.createdIds ?? {});

export const readHistory = (row: Pick<InstalledPack, "upgradeHistory">): UpgradeEntry[] =>
  z.array(upgradeEntrySchema).catch([]).parse(row.upgradeHistory);

export const emptyCreatedIds = (): CreatedIds => createdIdsSchema.parse({});

export const zeroCounts = (): PackCounts => ({
  entityTypes: 0,
  roles: 0,
  policies: 0,
  scopeRules: 0,
  fieldMasks: 0,
  agents: 0,
  sampleRecords: 0,
});

/** The links and created ids a reconcile pass adds to a row. */
export type PackLinks = {
  entityTypeIds: string[];
  roleIds: string[];
  agentIds: string[];
  created: CreatedIds;
};

export const linksOf = (row: InstalledPack): PackLinks => ({
  entityTypeIds: [...row.entityTypeIds],
  roleIds: [...row.roleIds],
  agentIds: [...row.agentIds],
  created: readCreatedIds(row),
});

export const linksData = (links: PackLinks) => ({
  entityTypeIds: [...new Set(links.entityTypeIds)],
  roleIds: [...new Set(links.roleIds)],
  agentIds: [...new Set(links.agentIds)],
  createdIds: links.created as unknown as Prisma.InputJsonValue,
});

export async function findInstalled(db: DbClient, orgId: string, packId: string) {
  return db.installedPack.findUnique({
    where: { organizationId_packId: { organizationId: orgId, packId } },
  });
}

/** The organization's install of the pack under its row lock, or NOT_FOUND. */
export async function lockInstalled(
  tx: Prisma.TransactionClient,
  orgId: string,
  packId: string,
): Promise<InstalledPack> {
  await tx.$queryRaw`
    SELECT "id" FROM "installedPacks"
    WHERE "organizationId" = ${orgId} AND "packId" = ${packId} FOR UPDATE`;
  const row = await findInstalled(tx, orgId, packId);
  if (!row) throw notInstalled(packId);
  return row;
}

export const notInstalled = (packId: string) =>
  new AppError("NOT_FOUND", `Pack ${packId} is not installed`);

/** The upgrade's transaction options; the `upgrading` mark's bound below is derived from them. */
export const UPGRADE_TRANSACTION = { timeout: 120_000, maxWait: 10_000 };

/**
 * How long an `upgrading` mark holds. The mark's time is `lastUpgradedAt`, set with it. The
 * upgrade's transaction starts within `maxWait` of the mark and Prisma rolls it back `timeout`
 * later, and the failure is written right after; so a mark older than that plus a minute was left
 * by a process that died, and counts as a failed upgrade (repair, uninstall, upgrade go ahead).
 */
export const UPGRADE_MARK_BOUND_MS =
  UPGRADE_TRANSACTION.maxWait + UPGRADE_TRANSACTION.timeout + 60_000;

/** Marks made before this moment are dead. */
export const upgradeMarkCutoff = (now = new Date()) =>
  new Date(now.getTime() - UPGRADE_MARK_BOUND_MS);

type UpgradeMark = Pick<InstalledPack, "status" | "lastUpgradedAt">;

/** An upgrade is running: `upgrading` with a mark younger than the bound (none: a dead one). */
export const upgradeInProgress = (row: UpgradeMark, now = new Date()) =>
  row.status === "upgrading" &&
  row.lastUpgradedAt !== null &&
  row.lastUpgradedAt > upgradeMarkCutoff(now);

/** The status as the dashboard should read it: a dead upgrade's mark is a failed upgrade. */
export const effectiveStatus = (row: UpgradeMark, now = new Date()): InstalledPack["status"] =>
  row.status === "upgrading" && !upgradeInProgress(row, now) ? "failed" : row.status;

export function assertNotUpgrading(row: InstalledPack) {
  if (upgradeInProgress(row))
    throw conflict(`Pack ${row.packId} is being upgraded; try again when the upgrade ends`);
}
