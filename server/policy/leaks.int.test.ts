import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { as, createType } from "@/test/business";
import { callerFor, type Caller } from "@/test/callers";
import { createMember, createTenant, type Tenant } from "@/test/factories";
import { grantRoles } from "@/test/policy";

// A member whose role hides data.secret (and a nested and an in-array field) never receives the
// hidden value through any output: reads, search (also when searching for the value itself),
// filters, relations, every event procedure (payload data, changes, previousData) and the
// answers to their own writes. Every answer is serialized and searched for the sentinel (the
// setup proves the sentinel is there to find: the owner sees it).

const SENTINEL = `zq${randomBytes(8).toString("hex")}`;
const HIDDEN = ["data.secret", "data.profile.ssn", "data.contacts.phone"];

let t: Tenant;
let owner: Caller;
let member: Caller;
let slug: string;
let ids: { leaky: string; other: string; gone: string };

/** The answer, once its serialized form is checked for the sentinel. */
function keep<T>(answer: T): T {
  expect(JSON.stringify(answer)).not.toContain(SENTINEL);
  return answer;
}

const secretData = (name: string, suffix: string) => ({
  name,
  secret: `${SENTINEL}${suffix}`,
  profile: { ssn: `${SENTINEL}ssn`, city: "Lyon" },
  contacts: [{ phone: `${SENTINEL}phone`, label: "home" }],
});

beforeAll(async () => {
  t = await createTenant();
  owner = as(t, "owner");
  // The hidden field is searchable: the stored search vector holds the sentinel.
  const type = await createType(owner, {
    schema: { type: "object" },
    searchFields: ["name", "secret"],
  });
  slug = type.slug;
  const user = await createMember(t.org.id);
  await grantRoles(t.org.id, user.id, [
    {
      policies: [
        { resource: slug, action: "*", masks: HIDDEN.map((path) => ({ path, type: "hide" })) },
      ],
    },
  ]);
  member = callerFor({ userId: user.id, orgId: t.org.id });
  const make = async (name: string) =>
    (await owner.entities.create({ entityTypeSlug: slug, data: secretData(name, "old") })).id;
  ids = { leaky: await make("Leaky Person"), other: await make("Other"), gone: await make("Gone") };
  // Every kind of event payload the owner's changes leave behind.
  await owner.entities.update({ id: ids.leaky, data: { secret: `${SENTINEL}new` } });
  await owner.entities.update({ id: ids.leaky, data: { name: "Leaky Person" }, status: "vip" });
  await owner.entities.update({
    id: ids.leaky,
    data: { profile: { ssn: `${SENTINEL}ssn2`, city: "Nice" } },
  });
  await owner.entities.link({ fromId: ids.other, toId: ids.leaky, relationType: "knows" });
  await owner.events.emit({
    eventType: "custom.noted",
    entityId: ids.leaky,
    payload: { data: { secret: SENTINEL }, changes: { secret: SENTINEL } },
  });
  await owner.entities.remove({ id: ids.gone });
});

describe("a hidden field never leaves", () => {
  it("through entities.list, get and getWithType", async () => {
    const page = keep(await member.entities.list({ entityTypeSlug: slug }));
    expect(page.items.map((item) => item.id).sort()).toEqual([ids.leaky, ids.other].sort());
    keep(await member.entities.get({ id: ids.leaky }));
    const withType = keep(await member.entities.getWithType({ id: ids.leaky }));
    expect(withType.data).toEqual({
      name: "Leaky Person",
      profile: { city: "Nice" },
      contacts: [{ label: "home" }],
    });
  });

  it("through search, which also cannot find records by the hidden value (no oracle)", async () => {
    const byName = keep(await member.entities.search({ query: "leaky" }));
    expect(byName.items.map((item) => item.id)).toEqual([ids.leaky]);
    expect(keep(await member.entities.search({ query: SENTINEL })).items).toEqual([]);
    expect(keep(await member.entities.search({ query: SENTINEL.slice(0, 8) })).items).toEqual([]);
    // The owner, who sees the field, does find it: the search vector really holds the value.
    const owners = await owner.entities.search({ query: SENTINEL });
    expect(owners.items.length).toBeGreaterThan(0);
  });

  it("through data filters on hidden fields, which are refused (no guessing oracle)", async () => {
    for (const field of ["secret", "data.secret", "profile.ssn", "profile"]) {
      const refused = member.entities.list({
        entityTypeSlug: slug,
        filters: [{ field, op: "eq", value: `${SENTINEL}new` }],
      });
      await expect(refused).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  // Masks reach into arrays (data.contacts.phone hides every contact's phone), so a filter on
  // `contacts.0.phone` would answer "is the first phone X?" one guess at a time.
  // PostgreSQL's `#>` also reads `+0`, ` 0` and `-1` as indexes.
  it("through a filter on a hidden field inside an array (contacts.0.phone)", async () => {
    for (const index of ["0", "+0", " 0", "-1", "00"]) {
      const guess = member.entities.list({
        entityTypeSlug: slug,
        filters: [{ field: `contacts.${index}.phone`, op: "eq", value: `${SENTINEL}phone` }],
      });
      await expect(guess).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("through getRelated", async () => {
    const related = keep(await member.entities.getRelated({ entityId: ids.other }));
    expect(related.map((item) => item.entity.id)).toEqual([ids.leaky]);
    keep(await member.entities.getRelated({ entityId: ids.leaky }));
  });

  it("through events.list, getByEntity, getRecent and get (data, changes, previousData)", async () => {
    const { items } = keep(await member.events.list({ limit: 200 }));
    // The member does see the events (created, updated, linked, custom), masked; those of the
    // deleted record are not shown to them at all.
    expect(items.length).toBeGreaterThanOrEqual(7);
    expect(items.some((event) => event.entityId === ids.gone)).toBe(false);
    keep(await member.events.getByEntity({ entityId: ids.leaky }));
    keep(await member.events.getRecent({}));
    keep(await member.events.getEventTypes());
    for (const event of items) keep(await member.events.get({ id: event.id }));
    const updated = items.find((event) => JSON.stringify(event.payload).includes("previousData"));
    expect(updated, "an update event is visible").toBeDefined();
    // The owner's view of the same log does hold the sentinel: there was something to leak.
    expect(JSON.stringify(await owner.events.list({ limit: 200 }))).toContain(`${SENTINEL}new`);
  });

  it("through the answers to the member's own writes", async () => {
    keep(await member.entities.update({ id: ids.leaky, data: { name: "Leaky Person" } }));
    keep(await member.entities.update({ id: ids.leaky, status: "active" }));
    const created = keep(
      await member.entities.create({ entityTypeSlug: slug, data: { name: "n" } }),
    );
    keep(await member.entities.link({ fromId: created.id, toId: ids.leaky, relationType: "x" }));
    keep(await member.events.emit({ eventType: "member.noted", entityId: ids.leaky }));
  });
});
