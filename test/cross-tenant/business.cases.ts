import { expect } from "vitest";
import { callerFor, type Caller } from "@/test/callers";
import {
  expectNotFound,
  withSetup,
  type CrossTenantCases,
  type CrossTenantContext,
} from "@/test/cross-tenant/harness";
import { testDb, uid } from "@/test/db";
import type { Tenant } from "@/test/factories";

// Cross-tenant cases of the business-data routers: entityTypes, entities, events. B's records
// are made in each case's setup through B's own owner (events included), before the harness
// fingerprints B; A's attack must then answer NOT_FOUND, or lists without B's data.

const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };

const ownerOf = (tenant: Tenant): Caller =>
  callerFor({ userId: tenant.owner.id, orgId: tenant.org.id });

/** B's records: a type with two related entities, an empty type, and a custom event. */
async function seedB({ b }: CrossTenantContext) {
  const caller = ownerOf(b);
  // A word only B's data contains, to search for.
  const word = `secret${uid().replace(/-/g, "")}`;
  const type = await caller.entityTypes.create({ name: "B's type", slug: uid("b"), schema });
  const empty = await caller.entityTypes.create({ name: "B's empty", slug: uid("e"), schema });
  const ada = await caller.entities.create({ entityTypeId: type.id, data: { name: word } });
  const alan = await caller.entities.create({ entityTypeId: type.id, data: { name: "Alan" } });
  const relation = await caller.entities.link({
    fromId: ada.id,
    toId: alan.id,
    relationType: "knows",
  });
  const eventType = `${word}.happened`;
  const event = await caller.events.emit({ eventType, entityId: ada.id });
  return { word, type, empty, ada, alan, relation, eventType, event };
}

type Seed = Awaited<ReturnType<typeof seedB>>;
type Attack = (t: CrossTenantContext, seed: Seed) => Promise<void>;

const onB = (run: Attack) => withSetup(seedB, run);

/** An entity of A's own, to point at B's from A's side. */
async function entityOfA(asOwnerOfA: Caller) {
  const type = await asOwnerOfA.entityTypes.create({ name: "A's", slug: uid("a"), schema });
  return asOwnerOfA.entities.create({ entityTypeId: type.id, data: { name: "A's own" } });
}

export const cases: CrossTenantCases = {
  "entityTypes.list": onB(async ({ asOwnerOfA }, { type, empty }) => {
    const ours = await asOwnerOfA.entityTypes.create({ name: "A's", slug: type.slug, schema });
    const ids = (await asOwnerOfA.entityTypes.list()).map((listed) => listed.id);
    expect(ids).toEqual([ours.id]);
    expect(ids).not.toContain(empty.id);
  }),
  "entityTypes.get": onB(({ asOwnerOfA }, { type }) =>
    expectNotFound(asOwnerOfA.entityTypes.get({ id: type.id })),
  ),
  "entityTypes.getBySlug": onB(({ asOwnerOfA }, { type }) =>
    expectNotFound(asOwnerOfA.entityTypes.getBySlug({ slug: type.slug })),
  ),
  "entityTypes.create": onB(async ({ a, asOwnerOfA }, { type }) => {
    // Slugs are per organization: B's slug is free in A, and the new type is A's.
    const created = await asOwnerOfA.entityTypes.create({ name: "A's", slug: type.slug, schema });
    const stored = await testDb().entityType.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.organizationId).toBe(a.org.id);
  }),
  "entityTypes.update": onB(({ asOwnerOfA }, { type }) =>
    expectNotFound(
      asOwnerOfA.entityTypes.update({
        id: type.id,
        name: "Taken over",
        schema: { type: "object" },
        searchFields: ["name"],
      }),
    ),
  ),
  "entityTypes.remove": onB(async ({ asOwnerOfA }, { type, empty }) => {
    await expectNotFound(asOwnerOfA.entityTypes.remove({ id: empty.id }));
    await expectNotFound(asOwnerOfA.entityTypes.remove({ id: type.id }));
  }),

  "entities.list": onB(async ({ asOwnerOfA }, { type }) => {
    await expectNotFound(asOwnerOfA.entities.list({ entityTypeId: type.id }));
    await expectNotFound(asOwnerOfA.entities.list({ entityTypeSlug: type.slug }));
    const ours = await asOwnerOfA.entityTypes.create({ name: "A's", slug: type.slug, schema });
    expect(await asOwnerOfA.entities.list({ entityTypeSlug: ours.slug })).toEqual({
      items: [],
      nextCursor: null,
    });
  }),
  "entities.get": onB(({ asOwnerOfA }, { ada }) =>
    expectNotFound(asOwnerOfA.entities.get({ id: ada.id })),
  ),
  "entities.getWithType": onB(({ asOwnerOfA }, { ada }) =>
    expectNotFound(asOwnerOfA.entities.getWithType({ id: ada.id })),
  ),
  "entities.search": onB(async ({ asOwnerOfA }, { type, word }) => {
    expect(await asOwnerOfA.entities.search({ query: word })).toEqual({
      items: [],
      exhaustive: true,
    });
    await expectNotFound(asOwnerOfA.entities.search({ query: word, entityTypeSlug: type.slug }));
    await expectNotFound(asOwnerOfA.entities.search({ query: word, entityTypeId: type.id }));
  }),
  "entities.create": onB(async ({ asOwnerOfA }, { type }) => {
    const data = { name: "Planted" };
    await expectNotFound(asOwnerOfA.entities.create({ entityTypeId: type.id, data }));
    await expectNotFound(asOwnerOfA.entities.create({ entityTypeSlug: type.slug, data }));
  }),
  "entities.update": onB(({ asOwnerOfA }, { ada }) =>
    expectNotFound(
      asOwnerOfA.entities.update({ id: ada.id, data: { name: "Taken over" }, status: "x" }),
    ),
  ),
  "entities.remove": onB(({ asOwnerOfA }, { ada }) =>
    expectNotFound(asOwnerOfA.entities.remove({ id: ada.id })),
  ),
  "entities.link": onB(async ({ asOwnerOfA }, { ada, alan }) => {
    const ours = await entityOfA(asOwnerOfA);
    for (const [fromId, toId] of [
      [ours.id, ada.id],
      [ada.id, ours.id],
      [alan.id, ada.id],
    ] as const) {
      await expectNotFound(asOwnerOfA.entities.link({ fromId, toId, relationType: "knows" }));
    }
  }),
  "entities.unlink": onB(({ asOwnerOfA }, { relation }) =>
    expectNotFound(
      asOwnerOfA.entities.unlink({
        fromId: relation.fromEntityId,
        toId: relation.toEntityId,
        relationType: relation.relationType,
      }),
    ),
  ),
  "entities.getRelated": onB(({ asOwnerOfA }, { ada }) =>
    expectNotFound(asOwnerOfA.entities.getRelated({ entityId: ada.id })),
  ),

  "events.list": onB(async ({ asOwnerOfA }, { ada, eventType, event }) => {
    await asOwnerOfA.events.emit({ eventType: "a.own" });
    const all = await asOwnerOfA.events.list({});
    expect(all.items.map((listed) => listed.eventType)).toEqual(["a.own"]);
    expect(all.items.map((listed) => listed.id)).not.toContain(event.id);
    expect((await asOwnerOfA.events.list({ entityId: ada.id })).items).toEqual([]);
    expect((await asOwnerOfA.events.list({ eventType })).items).toEqual([]);
  }),
  "events.get": onB(({ asOwnerOfA }, { event }) =>
    expectNotFound(asOwnerOfA.events.get({ id: event.id })),
  ),
  "events.getByEntity": onB(({ asOwnerOfA }, { ada }) =>
    expectNotFound(asOwnerOfA.events.getByEntity({ entityId: ada.id })),
  ),
  "events.getRecent": onB(async ({ asOwnerOfA }, { event }) => {
    const recent = await asOwnerOfA.events.getRecent({ since: new Date(0) });
    expect(recent).toEqual([]);
    expect(recent.map((listed) => listed.id)).not.toContain(event.id);
  }),
  "events.getEventTypes": onB(async ({ asOwnerOfA }, { eventType }) => {
    await asOwnerOfA.events.emit({ eventType: "a.own" });
    const types = await asOwnerOfA.events.getEventTypes();
    expect(types).toEqual(["a.own"]);
    expect(types).not.toContain(eventType);
  }),
  "events.emit": onB(async ({ a, asOwnerOfA }, { ada }) => {
    await expectNotFound(asOwnerOfA.events.emit({ eventType: "planted", entityId: ada.id }));
    const own = await asOwnerOfA.events.emit({ eventType: "a.own" });
    const stored = await testDb().event.findUniqueOrThrow({ where: { id: own.id } });
    expect(stored.organizationId).toBe(a.org.id);
  }),
};
