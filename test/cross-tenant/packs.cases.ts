import { expect } from "vitest";
import { buildUserActor } from "@/server/auth/session";
import { tutoring100 } from "@/server/packs/definitions/tutoring-1.0.0";
import { buildRegistry } from "@/server/packs/registry";
import { installPack } from "@/server/services/packs";
import {
  expectNotFound,
  withSetup,
  type CrossTenantCases,
  type CrossTenantContext,
} from "@/test/cross-tenant/harness";
import { testDb } from "@/test/db";
import type { Tenant } from "@/test/factories";

// Cross-tenant cases of the packs router. In the setup B's owner installs tutoring 1.0.0 (with
// sample data) through the service, from a registry that knows only 1.0.0, so an upgrade to
// 1.1.0 is open to B. A's owner then sees only A's own state (nothing installed), A's repair,
// uninstall, previewUpgrade and upgrade answer NOT_FOUND, and A's own install of the same pack
// (whose roles have the same names as B's) makes and then removes only A's records. Beyond the
// harness's fingerprint, each case checks B's row and its role and policy counts by name.

const db = testDb();
const PACK = "tutoring";

/** B's install row and how many roles and policies B has: what A must never change. */
async function installOf(tenant: Tenant) {
  const where = { organizationId: tenant.org.id };
  const row = await db.installedPack.findUnique({
    where: { organizationId_packId: { ...where, packId: PACK } },
    select: { id: true, version: true, status: true, lastUpgradedAt: true, roleIds: true },
  });
  const [roles, policies] = await Promise.all([
    db.role.count({ where }),
    db.policy.count({ where }),
  ]);
  return { row, roles, policies };
}

async function seedB({ b }: CrossTenantContext) {
  const ctx = { db, actor: (await buildUserActor(db, b.owner.id, b.org.id))! };
  await installPack(ctx, { packId: PACK, withSampleData: true }, buildRegistry([tutoring100]));
  const install = await installOf(b);
  // Guards the cases' premise: B is at 1.0.0, installed, with the pack's roles and policies.
  expect(install.row).toMatchObject({ version: "1.0.0", status: "installed" });
  expect(install.roles).toBeGreaterThan(0);
  expect(install.policies).toBeGreaterThan(0);
  return install;
}

type Seed = Awaited<ReturnType<typeof seedB>>;
const onB = (run: (t: CrossTenantContext, seed: Seed) => Promise<void>) =>
  withSetup(seedB, async (t, seed) => {
    await run(t, seed);
    expect(await installOf(t.b), "B's install changed").toEqual(seed);
  });

export const cases: CrossTenantCases = {
  "packs.list": onB(async ({ asOwnerOfA }) => {
    const items = await asOwnerOfA.packs.list();
    expect(items.map((item) => item.id)).toContain(PACK);
    expect(items.map((item) => item.installed)).toEqual(items.map(() => null));
  }),
  "packs.get": onB(async ({ asOwnerOfA }) => {
    expect((await asOwnerOfA.packs.get({ packId: PACK })).installed).toBeNull();
  }),
  "packs.install": onB(async ({ a, asOwnerOfA }, seed) => {
    const result = await asOwnerOfA.packs.install({ packId: PACK });
    expect(result.created.roles).toBeGreaterThan(0);
    // B's install does not make A's "already installed"; what A gets is A's own.
    const ofA = await installOf(a);
    expect(ofA.row).toMatchObject({ version: result.installedVersion, status: "installed" });
    expect(ofA.row!.id).not.toBe(seed.row!.id);
    expect(ofA.roles).toBe(result.created.roles);
    expect(ofA.row!.roleIds.filter((id) => seed.row!.roleIds.includes(id))).toEqual([]);
  }),
  "packs.uninstall": onB(async ({ a, asOwnerOfA }) => {
    await expectNotFound(asOwnerOfA.packs.uninstall({ packId: PACK }));
    // A's own install has roles named as B's: uninstalling it removes A's, never B's.
    await asOwnerOfA.packs.install({ packId: PACK });
    await asOwnerOfA.packs.uninstall({ packId: PACK });
    expect(await installOf(a)).toMatchObject({ row: null, roles: 0, policies: 0 });
  }),
  "packs.repair": onB(({ asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.packs.repair({ packId: PACK })),
  ),
  "packs.previewUpgrade": onB(({ asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.packs.previewUpgrade({ packId: PACK })),
  ),
  "packs.upgrade": onB(({ asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.packs.upgrade({ packId: PACK })),
  ),
};
