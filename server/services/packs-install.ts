import { isUniqueViolation } from "@/server/db/errors";
import type { Prisma } from "@/generated/prisma/client";
import { conflict } from "@/server/errors";
import { defaultRegistry, getPack, type PackRegistry } from "@/server/packs/registry";
import type { installPackInput } from "@/server/routers/packs.schemas";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { reconcilePack, type PackItem } from "@/server/services/packs-reconcile";
import {
  assertNotUpgrading,
  emptyCreatedIds,
  linksData,
  linksOf,
  lockInstalled,
} from "@/server/services/packs-records";
import { createSampleData } from "@/server/services/packs-sample";
import type { z } from "zod";

// Installing and repairing a pack (docs/packs.md). Owners and admins only. One transaction
// each: the installedPacks row, every type, role, policy, rule, mask and agent, and the events.
// Rows are the organization's system's; events name the user who asked.

export const MANAGE_PACKS = "manage packs";
const LONG = { timeout: 60_000, maxWait: 10_000 };

export type InstallPackInput = z.output<typeof installPackInput>;

export async function installPack(
  ctx: ServiceContext,
  input: InstallPackInput,
  registry: PackRegistry = defaultRegistry,
) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const actor = ctx.actor;
  const pack = getPack(input.packId, undefined, registry);
  const alreadyInstalled = () => conflict(`Pack ${pack.id} is already installed`);
  const result = await ctx.db
    .$transaction(async (tx) => {
      const taken = await tx.installedPack.count({
        where: { organizationId: actor.orgId, packId: pack.id },
      });
      if (taken > 0) throw alreadyInstalled();
      // The row first: a second install at once waits on its unique key, then fails.
      const row = await tx.installedPack.create({
        data: {
          organizationId: actor.orgId,
          packId: pack.id,
          version: pack.version,
          installedById: actor.type === "user" ? actor.userId : null,
        },
      });
      const outcome = await reconcilePack({
        tx,
        orgId: actor.orgId,
        eventActor: actor,
        pack,
        links: { entityTypeIds: [], roleIds: [], agentIds: [], created: emptyCreatedIds() },
        mode: "apply",
      });
      await tx.installedPack.update({ where: { id: row.id }, data: linksData(outcome.links) });
      await recordEvent(tx, actor, {
        eventType: "pack.installed",
        payload: {
          packId: pack.id,
          version: pack.version,
          created: outcome.created,
          reused: outcome.reused,
          createdIds: outcome.links.created as unknown as Prisma.InputJsonValue,
        },
      });
      return outcome;
    }, LONG)
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw alreadyInstalled();
      throw error;
    });
  const created = { ...result.created };
  if (input.withSampleData && pack.sampleData) {
    // After the install, through the entity services (as the organization's system), so the
    // records are validated, indexed and logged as any other; their ids go on the row.
    created.sampleRecords = await createSampleData(ctx.db, actor, pack);
  }
  return { installedVersion: pack.version, created, reused: result.reused };
}

/** Restores what is missing of the installed version (matched by slug, name, content). */
export async function repairPack(
  ctx: ServiceContext,
  input: { packId: string },
  registry: PackRegistry = defaultRegistry,
) {
  requireOrgAdmin(ctx.actor, MANAGE_PACKS);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const row = await lockInstalled(tx, actor.orgId, input.packId);
    assertNotUpgrading(row);
    const pack = getPack(row.packId, row.version, registry);
    const outcome = await reconcilePack({
      tx,
      orgId: actor.orgId,
      eventActor: actor,
      pack,
      links: linksOf(row),
      mode: "apply",
    });
    await tx.installedPack.update({ where: { id: row.id }, data: linksData(outcome.links) });
    const restored: PackItem[] = outcome.missing;
    await recordEvent(tx, actor, {
      eventType: "pack.repaired",
      payload: { packId: pack.id, version: pack.version, restored, created: outcome.created },
    });
    return { restored, created: outcome.created };
  }, LONG);
}
