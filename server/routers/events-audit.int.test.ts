import { describe, expect, it } from "vitest";
import { as, businessSnapshot, caught, createType, eventsOf } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";

// The audit log (docs/business-data.md): every business-data mutation records its event, with the caller as
// the actor, in the same transaction as the change. A refused or failed write records nothing.

/**
 * Runs `body` while the database refuses one kind of write: a BEFORE trigger raising on `table`
 * for rows where `condition` holds (plpgsql over NEW). Lets a test fail a write the service
 * cannot be made to fail from its input, at an exact point of its transaction.
 */
async function withFailingWrite(
  table: "events" | "entities",
  operation: "INSERT" | "UPDATE",
  condition: string,
  body: () => Promise<void>,
): Promise<void> {
  const db = testDb();
  const name = `test_refuse_${uid().replace(/-/g, "_")}`;
  await db.$executeRawUnsafe(`CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${condition} THEN RAISE EXCEPTION 'refused by the test'; END IF;
      RETURN NEW;
    END $$`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER "${name}" BEFORE ${operation} ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${name}"()`,
  );
  try {
    await body();
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER "${name}" ON "${table}"`);
    await db.$executeRawUnsafe(`DROP FUNCTION "${name}"()`);
  }
}

/** The call failed because the trigger refused a write (P0001 from RAISE), nothing else. */
async function refused(call: Promise<unknown>): Promise<void> {
  const error = await caught(call);
  expect(error.code).toBe("INTERNAL_SERVER_ERROR");
  expect(String(error.cause)).toContain("refused by the test");
}

describe("audit trail", () => {
  it("every mutation records its event, with the calling user as the actor", async () => {
    const t = await createTenant();
    const admin = as(t, "admin");
    const type = await createType(admin, { searchFields: ["name"] });
    await admin.entityTypes.update({ id: type.id, searchFields: ["subject"] });
    const ada = await admin.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    const alan = await admin.entities.create({ entityTypeId: type.id, data: { name: "Alan" } });
    await admin.entities.update({ id: ada.id, data: { subject: "Maths" } });
    await admin.entities.link({ fromId: ada.id, toId: alan.id, relationType: "knows" });
    await admin.entities.unlink({ fromId: ada.id, toId: alan.id, relationType: "knows" });
    await admin.entities.remove({ id: ada.id });
    await admin.entities.remove({ id: alan.id });
    await admin.entityTypes.remove({ id: type.id });
    await admin.events.emit({ eventType: "custom.done" });

    const events = await eventsOf(t.org.id);
    expect(events.map((event) => event.eventType)).toEqual([
      "entityType.created",
      "entityType.updated",
      `${type.slug}.created`,
      `${type.slug}.created`,
      `${type.slug}.updated`,
      "entity.linked",
      "entity.unlinked",
      `${type.slug}.deleted`,
      `${type.slug}.deleted`,
      "entityType.deleted",
      "custom.done",
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ actorType: "user", actorId: t.admin.id, schemaVersion: 1 });
    }
    expect(events[4]!.payload).toEqual({
      changes: { subject: "Maths" },
      previousData: { subject: null },
    });
    // Newest first through the router, as the timeline shows it.
    const listed = await as(t, "owner").events.list({});
    expect(listed.items.map((event) => event.id)).toEqual(events.map((e) => e.id).reverse());
  });

  it("a write refused before it starts (validation, conflict, not found, role) records nothing", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const ada = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    const alan = await owner.entities.create({ entityTypeId: type.id, data: { name: "Alan" } });
    await owner.entities.link({ fromId: ada.id, toId: alan.id, relationType: "knows" });
    const before = await businessSnapshot(t.org.id);
    // Thunks, so each call starts only when awaited (no rejection is left unhandled).
    const refused: [string, () => Promise<unknown>][] = [
      ["BAD_REQUEST", () => owner.entities.create({ entityTypeId: type.id, data: { grade: 1 } })],
      ["BAD_REQUEST", () => owner.entities.update({ id: ada.id, data: { email: "nope" } })],
      [
        "CONFLICT",
        () => owner.entities.link({ fromId: ada.id, toId: alan.id, relationType: "knows" }),
      ],
      [
        "NOT_FOUND",
        () => owner.entities.unlink({ fromId: alan.id, toId: ada.id, relationType: "knows" }),
      ],
      ["NOT_FOUND", () => owner.entities.remove({ id: "missing" })],
      ["CONFLICT", () => owner.entityTypes.create({ name: "Dup", slug: type.slug, schema: {} })],
      ["BAD_REQUEST", () => owner.entityTypes.update({ id: type.id, schema: { type: "nope" } })],
      ["CONFLICT", () => owner.entityTypes.remove({ id: type.id })],
      [
        "FORBIDDEN",
        () => as(t, "member").entities.create({ entityTypeId: type.id, data: { name: "M" } }),
      ],
      ["FORBIDDEN", () => as(t, "member").events.emit({ eventType: "x" })],
    ];
    for (const [code, call] of refused) expect((await caught(call())).code).toBe(code);
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});

describe("one transaction: the change and its event", () => {
  // Each case lets the change succeed and makes the event insert fail just after it, in the
  // same transaction; the change must be gone too. (The reverse, a change that fails, never
  // reaches its event: the service writes the event after the change.)
  it("entities and entity types: a failed event insert rolls the change back", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { searchFields: ["name"] });
    const ada = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    // A type with only a soft-deleted entity, which entityTypes.remove would delete.
    const emptied = await createType(owner);
    const gone = await owner.entities.create({ entityTypeId: emptied.id, data: { name: "Gone" } });
    await owner.entities.remove({ id: gone.id });
    const before = await businessSnapshot(t.org.id);
    const refuse = `NEW."entityTypeSlug" IN ('${type.slug}', '${emptied.slug}')`;
    await withFailingWrite("events", "INSERT", refuse, async () => {
      await refused(owner.entities.create({ entityTypeId: type.id, data: { name: "Alan" } }));
      await refused(owner.entities.update({ id: ada.id, data: { name: "Renamed" } }));
      await refused(owner.entities.remove({ id: ada.id }));
      await refused(owner.entityTypes.update({ id: type.id, searchFields: ["email"] }));
      await refused(owner.entityTypes.remove({ id: emptied.id }));
    });
    // No entity "Alan"; Ada unchanged and live, her searchText not rebuilt; the emptied type and
    // its soft-deleted entity still there.
    expect(await businessSnapshot(t.org.id)).toBe(before);
    expect((await owner.entities.search({ query: "ada" })).items.map((e) => e.id)).toEqual([
      ada.id,
    ]);
  });

  it("entities.link and unlink: a failed event insert rolls the relation change back", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const ada = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    const alan = await owner.entities.create({ entityTypeId: type.id, data: { name: "Alan" } });
    await owner.entities.link({ fromId: ada.id, toId: alan.id, relationType: "knows" });
    const before = await businessSnapshot(t.org.id);
    const refuse = `NEW."eventType" IN ('entity.linked', 'entity.unlinked') AND NEW."entityId" = '${ada.id}'`;
    await withFailingWrite("events", "INSERT", refuse, async () => {
      await refused(
        owner.entities.link({ fromId: ada.id, toId: alan.id, relationType: "mentors" }),
      );
      await refused(
        owner.entities.unlink({ fromId: ada.id, toId: alan.id, relationType: "knows" }),
      );
    });
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("a change the database refuses records no event", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const ada = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    const before = await businessSnapshot(t.org.id);
    await withFailingWrite("entities", "UPDATE", `NEW."id" = '${ada.id}'`, async () => {
      await refused(owner.entities.update({ id: ada.id, data: { name: "Renamed" } }));
      await refused(owner.entities.remove({ id: ada.id }));
    });
    expect(await businessSnapshot(t.org.id)).toBe(before);
    expect(await eventsOf(t.org.id, { entityId: ada.id })).toHaveLength(1);
  });
});
