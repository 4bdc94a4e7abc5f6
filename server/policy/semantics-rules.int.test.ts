import { describe, expect, it } from "vitest";
import type { Prisma, RelationDirection, ScopeOperator } from "@/generated/prisma/client";
import { callerFor } from "@/test/callers";
import { createMember } from "@/test/factories";
import { grantRoles, type RuleSpec } from "@/test/policy";
import { listNames, policyFixture, type PolicyFixture } from "@/test/policy-fixture";

// scope rules, end to end through entities.list: one allowing policy with one rule per
// row. The fixture's students (test/policy-fixture.ts):
//   ada  active    grade 5     subject "math"         tags [red, blue]  city Paris   teacher: member
//   bob  archived  grade 9     subject "physics"      tags [blue]       city London  teacher: person
//   cy   active    grade "9"   subject null           -                 city Paris, zip 75001
//   dee  draft     -           -                      -                 -            orgRef: the org
//   eve  active    grade 12    subject "mathematics"  tags []           address "nowhere"
// person (data.userId = the member) is the member's only entity (actor.entityIds).
// Relations: ada -mentors-> hub -mentors-> bob; ada -taughtBy-> person.

const ALL = ["ada", "bob", "cy", "dee", "eve"];

type FieldRow = [field: string, op: ScopeOperator, value: Prisma.JsonValue, expected: string[]];

const fieldRows: FieldRow[] = [
  ["data.subject", "eq", "math", ["ada"]],
  ["data.grade", "eq", 9, ["bob"]],
  ["data.grade", "eq", "9", ["cy"]],
  ["data.subject", "eq", null, ["cy"]],
  ["data.address.city", "eq", "Paris", ["ada", "cy"]],
  ["status", "eq", "archived", ["bob"]],
  ["data.subject", "neq", "math", ["bob", "cy", "dee", "eve"]],
  ["data.address.city", "neq", "Paris", ["bob", "dee", "eve"]],
  ["status", "neq", "active", ["bob", "dee"]],
  ["data.grade", "in", [5, 12], ["ada", "eve"]],
  ["data.address.city", "in", ["London", "Rome"], ["bob"]],
  ["status", "in", ["draft", "archived"], ["bob", "dee"]],
  ["data.grade", "nin", [5, 9], ["cy", "dee", "eve"]],
  ["data.address.city", "nin", ["Paris"], ["bob", "dee", "eve"]],
  ["status", "nin", ["active"], ["bob", "dee"]],
  ["data.subject", "contains", "math", ["ada", "eve"]],
  ["data.tags", "contains", "blue", ["ada", "bob"]],
  ["data.address.city", "contains", "ari", ["ada", "cy"]],
  // LIKE wildcards in a value are literal characters.
  ["data.name", "contains", "_", []],
  ["status", "contains", "rch", ["bob"]],
  ["status", "contains", "%", []],
  ["data.subject", "exists", true, ["ada", "bob", "cy", "eve"]],
  ["data.address.zip", "exists", true, ["cy"]],
  ["data.subject", "exists", false, ["dee"]],
  ["status", "exists", true, ALL],
  ["status", "exists", false, []],
  ["data.grade", "gt", 5, ["bob", "eve"]],
  ["data.grade", "gte", 9, ["bob", "eve"]],
  ["data.grade", "lt", 9, ["ada"]],
  ["data.grade", "lte", 9, ["ada", "bob"]],
  ["data.address.zip", "gt", 0, []],
  ["data.tags.0", "eq", "blue", ["bob"]],
  ["data.tags.-1", "eq", "blue", ["ada", "bob"]],
  // Only createdAt/updatedAt are ordered among the columns: a range on status matches nothing.
  ["status", "gt", "a", []],
  ["status", "lte", "z", []],
  ["createdAt", "gt", "2000-01-01T00:00:00.000Z", ALL],
  ["createdAt", "lt", "2000-01-01T00:00:00.000Z", []],
];

type TemplateRow = [field: string, op: ScopeOperator, template: string, expected: string[]];

const templateRows: TemplateRow[] = [
  ["data.teacherId", "eq", "actor.userId", ["ada"]],
  ["data.teacherId", "neq", "actor.userId", ["bob", "cy", "dee", "eve"]],
  ["data.orgRef", "eq", "actor.orgId", ["dee"]],
  ["data.teacherId", "in", "actor.entityIds", ["bob"]],
  ["data.teacherId", "eq", "actor.entityIds", ["bob"]],
  ["data.teacherId", "nin", "actor.entityIds", ["ada", "cy", "dee", "eve"]],
];

type RelationRow = [
  relation: string,
  direction: RelationDirection,
  value: (f: PolicyFixture) => Prisma.JsonValue,
  expected: string[],
];

const relationRows: RelationRow[] = [
  ["mentors", "any", (f) => [f.ids.hub], ["ada", "bob"]],
  ["mentors", "outgoing", (f) => [f.ids.hub], ["ada"]],
  ["mentors", "incoming", (f) => [f.ids.hub], ["bob"]],
  ["mentors", "any", (f) => f.ids.hub, ["ada", "bob"]],
  ["mentors", "any", (f) => [f.ids.person], []],
  ["taughtBy", "any", (f) => [f.ids.hub], []],
  ["taughtBy", "any", () => "actor.entityIds", ["ada"]],
  ["taughtBy", "incoming", () => "actor.entityIds", []],
];

async function visible(f: PolicyFixture, rule: RuleSpec): Promise<unknown> {
  const member = await f.grant([
    { policies: [{ resource: f.slug, action: "list", rules: [rule] }] },
  ]);
  return listNames(f, member);
}

describe("field rules through entities.list", () => {
  it.each(fieldRows)("%s %s %j", async (field, op, value, expected) => {
    const f = await policyFixture();
    expect(await visible(f, { field, op, value })).toEqual(expected);
  });
});

describe("templates", () => {
  it.each(templateRows)("%s %s %s", async (field, op, value, expected) => {
    const f = await policyFixture();
    expect(await visible(f, { field, op, value })).toEqual(expected);
  });

  it("actor.entityIds of a user linked to no entity is empty: `in` matches nothing", async () => {
    // An empty OR used to vanish from Prisma's SQL, and the rule then matched every record.
    const f = await policyFixture();
    const stranger = await createMember(f.t.org.id);
    const rules: RuleSpec[] = [{ field: "data.teacherId", op: "in", value: "actor.entityIds" }];
    await grantRoles(f.t.org.id, stranger.id, [
      { policies: [{ resource: f.slug, action: "list", rules }] },
    ]);
    expect(await listNames(f, callerFor({ userId: stranger.id, orgId: f.t.org.id }))).toEqual([]);
  });
});

describe("relation rules", () => {
  it.each(relationRows)("%s (%s) %#", async (relation, direction, value, expected) => {
    const f = await policyFixture();
    expect(await visible(f, { relation, direction, value: value(f) })).toEqual(expected);
  });
});
