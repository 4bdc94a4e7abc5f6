import type { InstalledPack, Prisma } from "@/generated/prisma/client";
import { AppError, conflict } from "@/server/errors";
import { log } from "@/server/log";
import { compareVersions, type PackDefinition } from "@/server/packs/format";
import { migrationPath } from "@/server/packs/migrations";
import { defaultRegistry, getPack, type PackRegistry } from "@/server/packs/registry";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { MANAGE_PACKS } from "@/server/services/packs-install";
import { reconcilePack } from "@/server/services/packs-reconcile";
import {
  findInstalled,
  linksData,
  linksOf,
  lockInstalled,
  notInstalled,
  readHistory,
  UPGRADE_TRANSACTION,
  upgradeMarkCutoff,
  type UpgradeEntry,
} from "@/server/services/packs-records";
import { runStep, type StepResult } from "@/server/services/packs-steps";

// Upgrading an installed pack along its migrations to the latest version (docs/packs.md). The
// steps and the new version's missing items run in ONE transaction; the row says `upgrading`
// meanwhile (committed before, so the dashboard sees it), with its time in `lastUpgradedAt`: a
// mark older than its bound (packs-records.ts) is a dead process's and may be taken over, so
// each attempt writes the row only while the mark is still its own. A failure rolls everything
// back; the failure is then written on the row (`failed`, an upgrade history entry) and as an
// event, outside the rolled-back transaction. The preview runs the same upgrade and rolls it
// back, so its counts are exactly what the upgrade would do.

type Plan = {
  row: InstalledPack;
  latest: PackDefinition;
  path: PackDefinition["migrations"];
  /** The upgrade's own `upgrading` mark (none for a preview, which marks nothing). */
  markedAt?: Date;
};

const holdsMark = (row: InstalledPack, markedAt: Date) =>
  row.status === "upgrading" && row.lastUpgradedAt?.getTime() === markedAt.getTime();

/** Thrown to roll a preview back with its result. */
class PreviewDone extends Error {
  constructor(readonly steps: StepResult[]) {
    super("preview");
  }
}

async function planUpgrade(
  ctx: ServiceContext,
  packId: string,
  registry: PackRegistry,
): Promise<Plan | null> {
  const latest = getPack(packId, undefined, registry);
  const row = await findInstalled(ctx.db, ctx.actor.orgId, latest.id);
  if (!row) throw notInstalled(latest.id);
  if (compareVersions(latest.version, row.version) <= 0) return null;
  return { row, latest, path: migrationPath(latest.migrations, row.version, latest.version) };
}

async function runUpgrade(
  ctx: ServiceContext,
  tx: Prisma.TransactionClient,
  plan: Plan,
  registry: PackRegistry,
) {
  const orgId = ctx.actor.orgId;
  const row = await lockInstalled(tx, orgId, plan.row.packId);
  if (row.version !== plan.row.version)
    throw conflict(`Pack ${row.packId} changed version meanwhile; try again`);
  if (plan.markedAt && !holdsMark(row, plan.markedAt))
    throw conflict(`Pack ${row.packId} is being upgraded by another attempt`);
  const steps: StepResult[] = [];
  for (const migration of plan.path) {
    const target = getPack(row.packId, migration.to, registry);
    for (const [index, step] of migration.steps.entries()) {
      const at = `${migration.from} → ${migration.to}, step ${index + 1} (${step.type} ${step.entityType})`;
      steps.push(
        await runStep({ tx, orgId, eventActor: ctx.actor, target, packId: row.packId }, step, at),
      );
    }
  }
  // What the new version defines beyond the steps (new roles, policies, agents) is created.
  const outcome = await reconcilePack({
    tx,
    orgId,
    eventActor: ctx.actor,
    pack: plan.latest,
    links: linksOf(row),
    mode: "apply",
  });
  return { row, steps, outcome };
}

export async function previewUpgrade(
  ctx: ServiceContext,
  input: { packId: string },
  registry: PackRegistry = defaultRegistry,
) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const plan = await planUpgrade(ctx, input.packId, registry);
  if (!plan) return null;
  try {
    await ctx.db.$transaction(async (tx) => {
      throw new PreviewDone((await runUpgrade(ctx, tx, plan, registry)).steps);
    }, UPGRADE_TRANSACTION);
  } catch (error) {
    if (error instanceof PreviewDone)
      return { from: plan.row.version, to: plan.latest.version, steps: error.steps };
    throw error;
  }
  throw new Error("unreachable: the preview always rolls back");
}

const byIdOf = (ctx: ServiceContext) => (ctx.actor.type === "user" ? ctx.actor.userId : null);

export async function upgradePack(
  ctx: ServiceContext,
  input: { packId: string },
  registry: PackRegistry = defaultRegistry,
) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const orgId = ctx.actor.orgId;
  const plan = await planUpgrade(ctx, input.packId, registry);
  if (!plan) {
    const row = await findInstalled(ctx.db, orgId, input.packId);
    throw conflict(`Pack ${input.packId} is already at version ${row?.version ?? "?"}`);
  }
  const from = plan.row.version;
  const to = plan.latest.version;
  // Check and mark in one conditional update: free, failed, or a dead upgrade's stale mark.
  const markedAt = new Date();
  const started = await ctx.db.installedPack.updateMany({
    where: {
      id: plan.row.id,
      OR: [
        { status: { not: "upgrading" } },
        { lastUpgradedAt: null },
        { lastUpgradedAt: { lt: upgradeMarkCutoff(markedAt) } },
      ],
    },
    data: { status: "upgrading", lastUpgradedAt: markedAt },
  });
  if (started.count === 0) throw conflict(`Pack ${input.packId} is being upgraded`);
  const marked: Plan = { ...plan, markedAt };
  const entry = (status: UpgradeEntry["status"], error?: string): Prisma.InputJsonValue => [
    ...readHistory(plan.row),
    { from, to, at: new Date().toISOString(), byId: byIdOf(ctx), status, ...(error && { error }) },
  ];
  try {
    return await ctx.db.$transaction(async (tx) => {
      const { row, steps, outcome } = await runUpgrade(ctx, tx, marked, registry);
      await tx.installedPack.update({
        where: { id: row.id },
        data: {
          ...linksData(outcome.links),
          version: to,
          status: "installed",
          lastUpgradedAt: new Date(),
          lastUpgradedById: byIdOf(ctx),
          upgradeHistory: entry("success"),
        },
      });
      await recordEvent(tx, ctx.actor, {
        eventType: "pack.upgraded",
        payload: { packId: row.packId, from, to, steps, created: outcome.created },
      });
      return { from, to, steps, created: outcome.created };
    }, UPGRADE_TRANSACTION);
  } catch (error) {
    const message =
      error instanceof AppError ? error.message : "Internal error (see the server log)";
    if (!(error instanceof AppError))
      log({ packId: input.packId }).error({ err: error }, "pack upgrade failed");
    // Nothing of the upgrade was kept: the row and the log say so, in a transaction of their own.
    // The row only while the mark is this attempt's (a later one may have taken a stale mark
    // over); `lastUpgradedAt` goes back to the last upgrade's.
    await ctx.db.$transaction(async (tx) => {
      await tx.installedPack.updateMany({
        where: { id: plan.row.id, status: "upgrading", lastUpgradedAt: markedAt },
        data: {
          status: "failed",
          lastUpgradedAt: plan.row.lastUpgradedAt,
          upgradeHistory: entry("failed", message),
        },
      });
      await recordEvent(tx, ctx.actor, {
        eventType: "pack.upgradeFailed",
        payload: { packId: input.packId, from, to, error: message },
      });
    });
    throw error;
  }
}
