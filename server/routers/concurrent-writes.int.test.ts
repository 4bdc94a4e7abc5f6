import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { as, createType, eventsOf } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";

// Read-modify-writes under concurrency: each reads a row, decides, and writes what it decided
// under the row's lock, so concurrent writes neither lose each other's changes nor act on a row
// deleted meanwhile.
//
// PostgreSQL only: PGlite is one connection, so its transactions run one after another and
// cannot overlap; these races need several connections.
const postgres = Boolean(process.env.DATABASE_URL);

describe.runIf(postgres)("entities.update under concurrency (PostgreSQL)", () => {
  it("updates of different keys of one record all survive", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const entity = await owner.entities.create({ entityTypeId: type.id, data: { base: 0 } });
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    await Promise.all(
      keys.map((key, i) =>
        as(t, i % 2 ? "owner" : "admin").entities.update({ id: entity.id, data: { [key]: i } }),
      ),
    );
    const stored = await owner.entities.get({ id: entity.id });
    expect(stored.data).toEqual({ base: 0, ...Object.fromEntries(keys.map((k, i) => [k, i])) });
    const updates = await eventsOf(t.org.id, { eventType: `${type.slug}.updated` });
    expect(updates).toHaveLength(keys.length);
  });

  it("an update racing a delete either runs before it or is not found: no .updated after .deleted", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const entities = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        owner.entities.create({ entityTypeId: type.id, data: { n: i } }),
      ),
    );
    const results = await Promise.all(
      entities.map(async (entity) => {
        const [update, remove] = await Promise.allSettled([
          as(t, "admin").entities.update({ id: entity.id, data: { touched: true } }),
          owner.entities.remove({ id: entity.id }),
        ]);
        return { entity, update, remove };
      }),
    );
    for (const { entity, update, remove } of results) {
      expect(remove.status).toBe("fulfilled");
      const events = (await eventsOf(t.org.id, { entityId: entity.id })).map((e) => e.eventType);
      if (update.status === "fulfilled") {
        // It ran on the live record, before the delete.
        expect(update.value.deletedAt).toBeNull();
        expect(events.filter((type) => type.endsWith(".updated"))).toHaveLength(1);
      } else {
        expect(update.reason).toMatchObject({ code: "NOT_FOUND" });
        expect(events.filter((type) => type.endsWith(".updated"))).toHaveLength(0);
      }
    }
  });
});

describe.runIf(postgres)("entities.link under concurrency (PostgreSQL)", () => {
  it("a link waits for a delete of its target in progress, and then finds no record to link", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const from = await owner.entities.create({ entityTypeId: type.id, data: {} });
    const to = await owner.entities.create({ entityTypeId: type.id, data: {} });
    // A delete of the target, begun on another connection and not committed yet.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`UPDATE "entities" SET "deletedAt" = now() WHERE "id" = $1`, [to.id]);
      const link = as(t, "admin")
        .entities.link({ fromId: from.id, toId: to.id, relationType: "knows" })
        .then(
          () => "linked",
          (error: { code?: string }) => error.code,
        );
      const early = await Promise.race([link, delay(500).then(() => "waiting")]);
      await other.query("COMMIT");
      expect(early).toBe("waiting");
      expect(await link).toBe("NOT_FOUND");
    } finally {
      await other.end();
    }
    expect(await testDb().entityRelation.count({ where: { fromEntityId: from.id } })).toBe(0);
    expect(await eventsOf(t.org.id, { eventType: "entity.linked" })).toHaveLength(0);
  });
});
