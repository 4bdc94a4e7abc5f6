import { beforeAll, describe, expect, it } from "vitest";
import type { ActorType, Prisma } from "@/generated/prisma/client";
import type { Caller } from "@/test/callers";
import { as, businessSnapshot, caught, createType, eventsOf, walkPages } from "@/test/business";
import { testDb } from "@/test/db";
import { createPolicy, createRole, createTenant, type Tenant } from "@/test/factories";

// The events router (docs/business-data.md): filters and cursor pages in SQL (the original filtered after
// taking a page), every event type of the whole log, and emit's actor from the session.
// What each mutation records, and that a failed one records nothing: events-audit.int.test.ts.

type ListInput = Parameters<Caller["events"]["list"]>[0];

const BASE = Date.parse("2025-03-01T00:00:00Z");
const minute = (n: number) => new Date(BASE + n * 60_000);
const ACTORS: ActorType[] = ["user", "system", "apiKey"];

let t: Tenant;
let owner: Caller;
let entityIds: [string, string];
/** The fixture's events, newest first (timestamps are distinct). */
let fixture: {
  id: string;
  n: number;
  eventType: string;
  actorType: ActorType;
  entityId: string | null;
}[];

const expected = (keep: (e: (typeof fixture)[number]) => boolean) =>
  fixture.filter(keep).map((e) => e.id);

const walk = (input: Omit<ListInput, "limit" | "cursor">, limit = 4) =>
  walkPages((cursor) => owner.events.list({ ...input, limit, cursor }), limit);

beforeAll(async () => {
  t = await createTenant();
  owner = as(t, "owner");
  const type = await createType(owner);
  const ada = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
  const alan = await owner.entities.create({ entityTypeId: type.id, data: { name: "Alan" } });
  entityIds = [ada.id, alan.id];
  // The router's own events above are "now"; these are older, with known timestamps.
  const rows: Prisma.EventCreateManyInput[] = Array.from({ length: 24 }, (_, n) => ({
    organizationId: t.org.id,
    eventType: n % 2 === 0 ? "lesson.booked" : "lesson.cancelled",
    actorType: ACTORS[n % 3]!,
    actorId: n % 3 === 1 ? null : `actor-${n % 3}`,
    entityId: n % 4 === 0 ? entityIds[0] : n % 4 === 1 ? entityIds[1] : null,
    payload: { n },
    timestamp: minute(n),
  }));
  await testDb().event.createMany({ data: rows });
  const stored = await testDb().event.findMany({
    where: { organizationId: t.org.id, timestamp: { lt: minute(24) } },
    orderBy: { timestamp: "desc" },
  });
  fixture = stored.map((e) => ({ ...e, n: (e.payload as { n: number }).n }));
});

describe("events.list", () => {
  it("is newest first with exact pages, and never shows another organization's events", async () => {
    const other = await createTenant();
    await as(other, "owner").events.emit({ eventType: "lesson.booked" });
    const all = await walk({}, 5);
    expect(all).toHaveLength(24 + 3); // the fixture, plus entityType.created and 2 x created
    expect(all.slice(3)).toEqual(expected(() => true));
    const own = new Set(
      (await testDb().event.findMany({ where: { organizationId: t.org.id } })).map((e) => e.id),
    );
    expect(all.every((id) => own.has(id))).toBe(true);
  });

  it.each<[string, Omit<ListInput, "limit" | "cursor">, (e: (typeof fixture)[number]) => boolean]>([
    ["eventType", { eventType: "lesson.cancelled" }, (e) => e.eventType === "lesson.cancelled"],
    ["actorType", { actorType: "system" }, (e) => e.actorType === "system"],
    ["actorType and actorId", { actorType: "apiKey", actorId: "actor-2" }, (e) => e.n % 3 === 2],
    ["since (inclusive)", { since: minute(20) }, (e) => e.n >= 20],
    ["until (exclusive)", { until: minute(5) }, (e) => e.n < 5],
    ["since and until", { since: minute(6), until: minute(17) }, (e) => e.n >= 6 && e.n < 17],
    [
      "eventType, actorType and a time range",
      { eventType: "lesson.booked", actorType: "user", since: minute(3), until: minute(23) },
      (e) => e.n % 2 === 0 && e.n % 3 === 0 && e.n >= 3 && e.n < 23,
    ],
  ])("filters by %s in SQL, with exact pages", async (_label, input, keep) => {
    const walked = await walk({ ...input, until: input.until ?? minute(24) }, 3);
    expect(walked).toEqual(expected(keep));
    expect(walked.length).toBeGreaterThan(0);
  });

  it("filters by entityId", async () => {
    const walked = await walk({ entityId: entityIds[0], until: minute(24) }, 2);
    expect(walked).toEqual(expected((e) => e.n % 4 === 0));
  });
});

describe("events.get, getByEntity, getRecent", () => {
  it("get returns one event of the organization; unknown or foreign ids are NOT_FOUND", async () => {
    const [newest] = fixture;
    expect(await owner.events.get({ id: newest!.id })).toMatchObject({
      id: newest!.id,
      eventType: newest!.eventType,
      payload: { n: 23 },
      schemaVersion: 1,
    });
    const other = await createTenant();
    const foreign = await as(other, "owner").events.emit({ eventType: "secret" });
    expect((await caught(owner.events.get({ id: foreign.id }))).code).toBe("NOT_FOUND");
    expect((await caught(owner.events.get({ id: "missing" }))).code).toBe("NOT_FOUND");
  });

  it("getByEntity pages one entity's timeline, newest first; a foreign entity is NOT_FOUND", async () => {
    const walked = await walkPages(
      (cursor) => owner.events.getByEntity({ entityId: entityIds[1], limit: 2, cursor }),
      2,
    );
    const created = await eventsOf(t.org.id, {
      entityId: entityIds[1],
      timestamp: { gte: minute(24) },
    });
    expect(walked).toEqual([...created.map((e) => e.id), ...expected((e) => e.n % 4 === 1)]);
    const other = await createTenant();
    const otherType = await createType(as(other, "owner"));
    const foreign = await as(other, "owner").entities.create({
      entityTypeId: otherType.id,
      data: { name: "Foreign" },
    });
    expect((await caught(owner.events.getByEntity({ entityId: foreign.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("getRecent is newest first, since applied before the limit", async () => {
    // All events since minute 10: the fixture's 14, plus the 3 written by the router.
    const recent = await owner.events.getRecent({ since: minute(10) });
    expect(recent).toHaveLength(17);
    expect(recent.slice(3).map((e) => e.id)).toEqual(expected((e) => e.n >= 10));
    const limited = await owner.events.getRecent({ since: minute(10), limit: 5 });
    expect(limited.map((e) => e.id)).toEqual(recent.slice(0, 5).map((e) => e.id));
    expect(await owner.events.getRecent({ since: new Date(Date.now() + 60_000) })).toEqual([]);
  });
});

describe("events.getEventTypes", () => {
  it("lists every distinct type of the whole log, not only the oldest 1000 events", async () => {
    const tenant = await createTenant();
    const old: Prisma.EventCreateManyInput[] = Array.from({ length: 1200 }, (_, n) => ({
      organizationId: tenant.org.id,
      eventType: ["import.row", "import.started", "import.done"][n % 3]!,
      actorType: "system",
      timestamp: new Date(BASE - (1200 - n) * 1000),
    }));
    await testDb().event.createMany({ data: old });
    await as(tenant, "admin").events.emit({ eventType: "zeta.newest" });
    await as(await createTenant(), "owner").events.emit({ eventType: "other.org.only" });
    expect(await as(tenant, "owner").events.getEventTypes()).toEqual([
      "import.done",
      "import.row",
      "import.started",
      "zeta.newest",
    ]);
  });
});

// emit writes: each test has its own tenant, so the fixture above keeps its exact contents.
describe("events.emit", () => {
  it("records the session's user as the actor; an actorType in the payload is only payload", async () => {
    const t = await createTenant();
    const payload = { actorType: "system", actorId: "someone-else", note: "hi" };
    const input = { eventType: "custom.note", payload, actorType: "system" };
    // A caller that sends actorType anyway (the original honoured it): it is not an input field.
    const event = await as(t, "admin").events.emit(input as { eventType: string });
    expect(event).toMatchObject({
      eventType: "custom.note",
      actorType: "user",
      actorId: t.admin.id,
      entityId: null,
      entityTypeSlug: null,
      payload,
    });
    const stored = await testDb().event.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored).toMatchObject({
      organizationId: t.org.id,
      actorType: "user",
      actorId: t.admin.id,
    });
  });

  it("on an entity, records its type slug; a foreign or unknown entity is NOT_FOUND, nothing written", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const entity = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    const event = await owner.events.emit({ eventType: "lesson.rated", entityId: entity.id });
    expect(event).toMatchObject({ entityId: entity.id, entityTypeSlug: type.slug });
    const other = await createTenant();
    const otherType = await createType(as(other, "owner"));
    const foreign = await as(other, "owner").entities.create({
      entityTypeId: otherType.id,
      data: { name: "Foreign" },
    });
    const [mine, theirs] = [await businessSnapshot(t.org.id), await businessSnapshot(other.org.id)];
    for (const entityId of [foreign.id, "missing"]) {
      expect((await caught(owner.events.emit({ eventType: "x", entityId }))).code).toBe(
        "NOT_FOUND",
      );
    }
    expect(await businessSnapshot(t.org.id)).toBe(mine);
    expect(await businessSnapshot(other.org.id)).toBe(theirs);
  });
});

describe("events: members", () => {
  it("without roles see no event, are NOT_FOUND on one, and are refused emit; nothing is written", async () => {
    const member = as(t, "member");
    const before = await businessSnapshot(t.org.id);
    expect(await member.events.list({})).toEqual({ items: [], nextCursor: null });
    expect(await member.events.getRecent({})).toEqual([]);
    expect(await member.events.getEventTypes()).toEqual([]);
    // Thunks, so each call starts only when awaited (no rejection is left unhandled).
    const refused: [() => Promise<unknown>, string][] = [
      [() => member.events.get({ id: fixture[0]!.id }), "NOT_FOUND"],
      [() => member.events.getByEntity({ entityId: entityIds[0] }), "NOT_FOUND"],
      [() => member.events.emit({ eventType: "member.was.here" }), "FORBIDDEN"],
      [
        () => member.events.emit({ eventType: "member.was.here", entityId: entityIds[0] }),
        "NOT_FOUND",
      ],
    ];
    for (const [call, code] of refused) expect((await caught(call())).code).toBe(code);
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("see only the events of entities they may read", async () => {
    // The last test of the file: the grant would change what the member sees above.
    const [ada, alan] = entityIds;
    const slug = (
      await testDb().entity.findUniqueOrThrow({
        where: { id: ada },
        include: { entityType: true },
      })
    ).entityType.slug;
    const role = await createRole(t.org.id);
    const policy = await createPolicy(role, { resource: slug, action: "read" });
    await testDb().scopeRule.create({
      data: {
        organizationId: t.org.id,
        policyId: policy.id,
        type: "field",
        field: "id",
        operator: "eq",
        value: ada,
      },
    });
    await testDb().userRole.create({
      data: { organizationId: t.org.id, userId: t.member.id, roleId: role.id },
    });
    const member = as(t, "member");
    const adaEvents = (await eventsOf(t.org.id, { entityId: ada })).map((event) => event.id);
    const listed = await walkPages((cursor) => member.events.list({ limit: 5, cursor }), 5);
    expect(listed.sort()).toEqual(adaEvents.sort());
    expect((await member.events.getByEntity({ entityId: ada })).items).toHaveLength(
      adaEvents.length,
    );
    expect((await caught(member.events.getByEntity({ entityId: alan }))).code).toBe("NOT_FOUND");
    const alanEvent = fixture.find((event) => event.entityId === alan)!;
    expect((await caught(member.events.get({ id: alanEvent.id }))).code).toBe("NOT_FOUND");
    // Compared as sets: the database's collation orders the names, not JavaScript's sort.
    const adaTypes = new Set((await eventsOf(t.org.id, { entityId: ada })).map((e) => e.eventType));
    expect((await member.events.getEventTypes()).sort()).toEqual([...adaTypes].sort());
  });
});
