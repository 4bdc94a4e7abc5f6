import { beforeAll, describe, expect, it } from "vitest";
import { businessSnapshot, caught } from "@/test/business";
import type { Caller } from "@/test/callers";
import { codeOf, namesOf, policyFixture, type PolicyFixture } from "@/test/policy-fixture";

// enforcement on every path a member has to records, through the real tRPC procedures:
// scope is compiled into reads and checked again before update, delete, link and unlink. A
// record the member cannot read is NOT_FOUND (no existence leak); one they can read but not
// change is FORBIDDEN. The member may read and list active students, update those in Paris or
// London, and delete grade-12 ones (fixture: test/policy-fixture.ts):
//   readable: ada, cy, eve     updatable: ada, bob, cy     deletable: eve

let f: PolicyFixture;
let member: Caller;

beforeAll(async () => {
  f = await policyFixture();
  const active = [{ field: "status", op: "eq" as const, value: "active" }];
  member = await f.grant([
    {
      policies: [
        { resource: f.slug, action: "read", rules: active },
        { resource: f.slug, action: "list", rules: active },
        {
          resource: f.slug,
          action: "update",
          rules: [{ field: "data.address.city", op: "in", value: ["Paris", "London"] }],
        },
        { resource: "*", action: "delete", rules: [{ field: "data.grade", op: "eq", value: 12 }] },
      ],
    },
  ]);
});

/** Runs refused calls, checking each code and that none of them changed anything. */
async function refused(calls: [() => Promise<unknown>, string][]): Promise<void> {
  const before = await businessSnapshot(f.t.org.id);
  for (const [call, code] of calls) expect(await codeOf(call())).toBe(code);
  expect(await businessSnapshot(f.t.org.id)).toBe(before);
}

describe("reads", () => {
  it("list, get and getWithType show readable records; others are NOT_FOUND", async () => {
    const page = await member.entities.list({ entityTypeSlug: f.slug });
    expect(namesOf(page.items)).toEqual(["ada", "cy", "eve"]);
    expect((await member.entities.get({ id: f.ids.ada })).id).toBe(f.ids.ada);
    expect((await member.entities.getWithType({ id: f.ids.cy })).entityType.slug).toBe(f.slug);
    for (const id of [f.ids.bob, f.ids.dee, f.ids.person]) {
      expect(await codeOf(member.entities.get({ id }))).toBe("NOT_FOUND");
      expect(await codeOf(member.entities.getWithType({ id }))).toBe("NOT_FOUND");
    }
    expect(await codeOf(member.entities.list({ entityTypeSlug: f.people }))).toBe("FORBIDDEN");
  });

  it("search finds only records in scope", async () => {
    const math = await member.entities.search({ query: "math" });
    expect(namesOf(math.items)).toEqual(["ada", "eve"]);
    expect((await member.entities.search({ query: "physics" })).items).toEqual([]);
    // The owner finds bob: the search itself works, the member's scope is what filters.
    expect(namesOf((await f.owner.entities.search({ query: "physics" })).items)).toEqual(["bob"]);
  });

  it("getRelated leaves out related records the member cannot read", async () => {
    // ada -mentors-> hub and ada -taughtBy-> person: both people, which the member cannot read.
    expect(await member.entities.getRelated({ entityId: f.ids.ada })).toEqual([]);
    expect((await f.owner.entities.getRelated({ entityId: f.ids.ada })).length).toBe(2);
    expect(await codeOf(member.entities.getRelated({ entityId: f.ids.bob }))).toBe("NOT_FOUND");
  });

  it("events show only events of readable records", async () => {
    const { items } = await member.events.list({ limit: 200 });
    const readable = new Set([f.ids.ada, f.ids.cy, f.ids.eve]);
    expect(items.length).toBeGreaterThan(0);
    for (const event of items) expect(readable).toContain(event.entityId);
    expect(new Set(items.map((event) => event.entityId))).toEqual(readable);
    const recent = await member.events.getRecent({});
    expect(recent.every((event) => readable.has(event.entityId ?? ""))).toBe(true);
    const all = await f.owner.events.list({ limit: 200 });
    const bobs = all.items.find((event) => event.entityId === f.ids.bob)!;
    expect(await codeOf(member.events.get({ id: bobs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(member.events.getByEntity({ entityId: f.ids.bob }))).toBe("NOT_FOUND");
    const adas = await member.events.getByEntity({ entityId: f.ids.ada });
    expect(adas.items.map((event) => event.entityId)).toContain(f.ids.ada);
  });
});

describe("writes check the target against scope", () => {
  it("update: readable and updatable passes; readable only is FORBIDDEN; unreadable NOT_FOUND", async () => {
    await refused([
      [() => member.entities.update({ id: f.ids.eve, data: { x: 1 } }), "FORBIDDEN"],
      // bob is in the update scope but not readable: still "not found".
      [() => member.entities.update({ id: f.ids.bob, data: { x: 1 } }), "NOT_FOUND"],
      [() => member.entities.update({ id: f.ids.dee, status: "active" }), "NOT_FOUND"],
    ]);
    const updated = await member.entities.update({ id: f.ids.ada, data: { x: 1 } });
    expect(updated.data).toMatchObject({ name: "ada", x: 1 });
  });

  it("link needs update on the source and read on the target; unlink too", async () => {
    await refused([
      [
        () => member.entities.link({ fromId: f.ids.eve, toId: f.ids.ada, relationType: "r" }),
        "FORBIDDEN",
      ],
      [
        () => member.entities.link({ fromId: f.ids.ada, toId: f.ids.bob, relationType: "r" }),
        "NOT_FOUND",
      ],
      [
        () => member.entities.link({ fromId: f.ids.bob, toId: f.ids.ada, relationType: "r" }),
        "NOT_FOUND",
      ],
      [
        () => member.entities.link({ fromId: f.ids.ada, toId: f.ids.hub, relationType: "r" }),
        "NOT_FOUND",
      ],
      // The relation exists, but its target (a person) is out of the member's sight.
      [
        () =>
          member.entities.unlink({ fromId: f.ids.ada, toId: f.ids.hub, relationType: "mentors" }),
        "NOT_FOUND",
      ],
    ]);
    const link = { fromId: f.ids.ada, toId: f.ids.cy, relationType: "r" };
    await member.entities.link(link);
    const related = await member.entities.getRelated({ entityId: f.ids.ada });
    expect(related.map((item) => item.entity.id)).toEqual([f.ids.cy]);
    await f.owner.entities.link({ fromId: f.ids.eve, toId: f.ids.ada, relationType: "r" });
    await refused([
      [
        () => member.entities.unlink({ fromId: f.ids.eve, toId: f.ids.ada, relationType: "r" }),
        "FORBIDDEN",
      ],
    ]);
    expect(await member.entities.unlink(link)).toEqual({ success: true });
  });

  it("remove: deletable passes; readable only is FORBIDDEN; unreadable NOT_FOUND", async () => {
    await refused([
      [() => member.entities.remove({ id: f.ids.ada }), "FORBIDDEN"],
      [() => member.entities.remove({ id: f.ids.bob }), "NOT_FOUND"],
      [() => member.entities.remove({ id: f.ids.hub }), "NOT_FOUND"],
    ]);
    expect(await member.entities.remove({ id: f.ids.eve })).toEqual({ success: true });
    expect(await codeOf(member.entities.get({ id: f.ids.eve }))).toBe("NOT_FOUND");
  });

  it("create needs create: refused without it, for any type", async () => {
    const error = await caught(member.entities.create({ entityTypeSlug: f.slug, data: {} }));
    expect(error.code).toBe("FORBIDDEN");
  });
});
