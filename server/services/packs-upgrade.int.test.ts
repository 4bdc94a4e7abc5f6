import { beforeAll, describe, expect, it } from "vitest";
import { buildUserActor } from "@/server/auth/session";
import { tutoring100 } from "@/server/packs/definitions/tutoring-1.0.0";
import { tutoring110 } from "@/server/packs/definitions/tutoring-1.1.0";
import type { PackSource } from "@/server/packs/format";
import { buildRegistry, defaultRegistry } from "@/server/packs/registry";
import type { ServiceContext } from "@/server/services/context";
import { getPackState, installPack, previewUpgrade, upgradePack } from "@/server/services/packs";
import { UPGRADE_MARK_BOUND_MS } from "@/server/services/packs-records";
import { as, caught } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// Upgrades along migrations: tutoring 1.0.0 → 1.1.0 as shipped (sessions get meetingProvider),
// a further version from this test (a searchable field and a new role) to see the search text
// rebuilt and the new version's items created, and a broken migration rolled back whole with
// the failure recorded. Installs of 1.0.0 come from a registry that knows only 1.0.0.

const db = testDb();
const onlyV1 = buildRegistry([tutoring100]);

const sessionSchema = (pack: PackSource) =>
  pack.entityTypes.find((type) => type.slug === "session")!.schema as {
    properties: Record<string, unknown>;
  };

/** 1.2.0: sessions get a searchable `room`; a receptionist role is new. */
const tutoring120: PackSource = {
  ...tutoring110,
  version: "1.2.0",
  entityTypes: tutoring110.entityTypes.map((type) =>
    type.slug !== "session"
      ? type
      : {
          ...type,
          schema: {
            ...type.schema,
            properties: { ...sessionSchema(tutoring110).properties, room: { type: "string" } },
          },
          searchFields: [...(type.searchFields ?? []), "room"],
        },
  ),
  roles: [
    ...tutoring110.roles!,
    {
      name: "receptionist",
      description: "Reads sessions",
      policies: [{ resource: "session", actions: ["read", "list"] }],
    },
  ],
  migrations: [
    ...tutoring110.migrations!,
    {
      from: "1.1.0",
      to: "1.2.0",
      steps: [
        {
          type: "add_field",
          entityType: "session",
          field: "room",
          schema: { type: "string" },
          default: "Main Hall",
          searchable: true,
        },
      ],
    },
  ],
};

/** A 1.1.0 whose second step makes every sample session's subject too long: it must fail. */
const shortSubjects = {
  ...sessionSchema(tutoring110).properties,
  subject: { type: "string", maxLength: 3 },
};
const broken110: PackSource = {
  ...tutoring110,
  // Its own sample sessions would not fit it either (the registry refuses such a pack).
  sampleData: undefined,
  entityTypes: tutoring110.entityTypes.map((type) =>
    type.slug !== "session"
      ? type
      : { ...type, schema: { ...type.schema, properties: shortSubjects } },
  ),
  migrations: [
    {
      from: "1.0.0",
      to: "1.1.0",
      steps: [
        ...tutoring110.migrations![0]!.steps,
        { type: "modify_schema", entityType: "session", changes: { properties: shortSubjects } },
      ],
    },
  ],
};

async function ownerCtx(t: Tenant): Promise<ServiceContext> {
  return { db, actor: (await buildUserActor(db, t.owner.id, t.org.id))! };
}

async function sessions(orgId: string) {
  return db.entity.findMany({
    where: { organizationId: orgId, entityType: { slug: "session" } },
    select: { data: true, searchText: true },
  });
}

describe("upgrade 1.0.0 → 1.1.0", () => {
  let t: Tenant;
  let ctx: ServiceContext;
  beforeAll(async () => {
    t = await createTenant();
    ctx = await ownerCtx(t);
    await installPack(ctx, { packId: "tutoring", withSampleData: true }, onlyV1);
  });

  it("previews the steps with the records they rewrite, changing nothing", async () => {
    const before = await sessions(t.org.id);
    const state = await as(t, "owner").packs.get({ packId: "tutoring" });
    expect(state.installed).toMatchObject({ version: "1.0.0", upgradeAvailable: "1.1.0" });
    const preview = await as(t, "owner").packs.previewUpgrade({ packId: "tutoring" });
    expect(preview).toEqual({
      from: "1.0.0",
      to: "1.1.0",
      steps: [
        {
          type: "add_field",
          description: 'Add session.meetingProvider (records without it get "in_person")',
          affectedRecords: 4,
        },
      ],
    });
    expect(await sessions(t.org.id)).toEqual(before);
    const events = await db.event.count({
      where: { organizationId: t.org.id, eventType: { startsWith: "pack.upgrade" } },
    });
    expect(events).toBe(0);
  });

  it("upgrades: every session gets the default, the schema has the field, history says so", async () => {
    const result = await as(t, "admin").packs.upgrade({ packId: "tutoring" });
    expect(result).toMatchObject({ from: "1.0.0", to: "1.1.0", steps: [{ affectedRecords: 4 }] });
    for (const { data } of await sessions(t.org.id))
      expect(data).toMatchObject({ meetingProvider: "in_person" });
    const type = await db.entityType.findFirstOrThrow({
      where: { organizationId: t.org.id, slug: "session" },
    });
    expect((type.schema as { properties: object }).properties).toHaveProperty("meetingProvider");
    const state = await as(t, "owner").packs.get({ packId: "tutoring" });
    expect(state.installed).toMatchObject({
      version: "1.1.0",
      status: "installed",
      upgradeAvailable: null,
      drift: { missing: [] },
      upgradeHistory: [{ from: "1.0.0", to: "1.1.0", status: "success", byId: t.admin.id }],
    });
    // A new session is validated against the new schema.
    const teacher = await db.entity.findFirstOrThrow({
      where: { organizationId: t.org.id, entityType: { slug: "teacher" } },
    });
    const refused = await caught(
      as(t, "owner").entities.create({
        entityTypeSlug: "session",
        data: {
          teacherId: teacher.id,
          studentId: teacher.id,
          startTime: "2026-04-01T10:00:00Z",
          durationMinutes: 60,
          meetingProvider: "carrier-pigeon",
        },
      }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(await as(t, "owner").packs.previewUpgrade({ packId: "tutoring" })).toBeNull();
    const again = await caught(as(t, "owner").packs.upgrade({ packId: "tutoring" }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe("Pack tutoring is already at version 1.1.0");
  });

  it("a later version: the search text is rebuilt and the new role is created", async () => {
    const registry = buildRegistry([tutoring100, tutoring110, tutoring120]);
    const result = await upgradePack(ctx, { packId: "tutoring" }, registry);
    expect(result.created).toMatchObject({ roles: 1, policies: 2 });
    for (const { searchText } of await sessions(t.org.id))
      expect(searchText).toContain("main hall");
    const found = await as(t, "owner").entities.search({
      entityTypeSlug: "session",
      query: "main hall",
    });
    expect(found.items).toHaveLength(4);
    expect((await getPackState(ctx, { packId: "tutoring" }, registry)).installed).toMatchObject({
      version: "1.2.0",
      drift: { missing: [] },
    });
  });
});

describe("a failing step", () => {
  it("rolls the whole upgrade back; the row says failed with the error, and an event", async () => {
    const t = await createTenant();
    const ctx = await ownerCtx(t);
    await installPack(ctx, { packId: "tutoring", withSampleData: true }, onlyV1);
    const before = await sessions(t.org.id);
    const typeBefore = await db.entityType.findFirstOrThrow({
      where: { organizationId: t.org.id, slug: "session" },
    });
    const registry = buildRegistry([tutoring100, broken110]);
    const preview = await previewUpgrade(ctx, { packId: "tutoring" }, registry).then(
      () => new Error("the preview succeeded"),
      (error: unknown) => error as Error,
    );
    expect((preview as Error).message).toMatch(
      /^1\.0\.0 → 1\.1\.0, step 2 \(modify_schema session\): record \S+ would not fit the new schema: data\.subject: must NOT have more than 3 characters$/,
    );
    const error = await upgradePack(ctx, { packId: "tutoring" }, registry).then(
      () => new Error("the upgrade succeeded"),
      (caughtError: unknown) => caughtError as Error,
    );
    expect(error.message).toMatch(/step 2 \(modify_schema session\)/);
    // Step 1 had written every session: none of it is kept.
    expect(await sessions(t.org.id)).toEqual(before);
    const typeAfter = await db.entityType.findFirstOrThrow({ where: { id: typeBefore.id } });
    expect(typeAfter.schema).toEqual(typeBefore.schema);
    const row = await db.installedPack.findFirstOrThrow({
      where: { organizationId: t.org.id, packId: "tutoring" },
    });
    // The mark's time is gone too: lastUpgradedAt is back to the last upgrade's (none).
    expect(row).toMatchObject({ version: "1.0.0", status: "failed", lastUpgradedAt: null });
    expect(row.upgradeHistory).toEqual([
      expect.objectContaining({
        from: "1.0.0",
        to: "1.1.0",
        status: "failed",
        error: error.message,
      }),
    ]);
    const events = await db.event.findMany({
      where: {
        organizationId: t.org.id,
        OR: [{ eventType: { startsWith: "pack.upgrade" } }, { eventType: "entityType.updated" }],
      },
    });
    expect(events.map((event) => [event.eventType, event.actorId])).toEqual([
      ["pack.upgradeFailed", t.owner.id],
    ]);
    // The shipped migration then succeeds from `failed`.
    const fixed = await upgradePack(ctx, { packId: "tutoring" }, defaultRegistry);
    expect(fixed.to).toBe("1.1.0");
    const state = await getPackState(ctx, { packId: "tutoring" });
    expect(state.installed).toMatchObject({ version: "1.1.0", status: "installed" });
    expect(state.installed!.upgradeHistory.map((entry) => entry.status)).toEqual([
      "failed",
      "success",
    ]);
  });
});

describe("an upgrade whose process died (the row left `upgrading`)", () => {
  const markAged = (t: Tenant, ageMs: number | null) =>
    db.installedPack.updateMany({
      where: { organizationId: t.org.id, packId: "tutoring" },
      data: {
        status: "upgrading",
        lastUpgradedAt: ageMs === null ? null : new Date(Date.now() - ageMs),
      },
    });
  const code = async (call: Promise<unknown>) => (await caught(call)).code;

  it("refuses while the mark is within its bound, and takes a retry once it is older", async () => {
    const t = await createTenant();
    await installPack(await ownerCtx(t), { packId: "tutoring" }, onlyV1);
    const owner = as(t, "owner");
    // Just inside the bound: the upgrade may still be running.
    await markAged(t, UPGRADE_MARK_BOUND_MS - 10_000);
    const fresh = await db.installedPack.findFirstOrThrow({ where: { organizationId: t.org.id } });
    expect(await code(owner.packs.repair({ packId: "tutoring" }))).toBe("CONFLICT");
    expect(await code(owner.packs.uninstall({ packId: "tutoring" }))).toBe("CONFLICT");
    expect(await code(owner.packs.upgrade({ packId: "tutoring" }))).toBe("CONFLICT");
    expect((await owner.packs.get({ packId: "tutoring" })).installed?.status).toBe("upgrading");
    expect(await db.installedPack.findUniqueOrThrow({ where: { id: fresh.id } })).toEqual(fresh);

    // Past the bound: a failed upgrade, shown so; repair and a new upgrade go ahead.
    await markAged(t, UPGRADE_MARK_BOUND_MS + 1_000);
    expect((await owner.packs.get({ packId: "tutoring" })).installed?.status).toBe("failed");
    expect(await owner.packs.repair({ packId: "tutoring" })).toMatchObject({ restored: [] });
    const startedAt = Date.now();
    expect(await owner.packs.upgrade({ packId: "tutoring" })).toMatchObject({ to: "1.1.0" });
    const row = await db.installedPack.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(row).toMatchObject({ version: "1.1.0", status: "installed" });
    expect(row.lastUpgradedAt!.getTime()).toBeGreaterThanOrEqual(startedAt);
  });

  it("a mark without a time (left before marks had one) does not block uninstall", async () => {
    const t = await createTenant();
    await installPack(await ownerCtx(t), { packId: "tutoring" }, onlyV1);
    await markAged(t, null);
    await as(t, "owner").packs.uninstall({ packId: "tutoring" });
    expect(await db.installedPack.count({ where: { organizationId: t.org.id } })).toBe(0);
  });
});
