import { describe, expect, it } from "vitest";
import { as } from "@/test/business";
import { listNames, policyFixture, type PolicyFixture } from "@/test/policy-fixture";
import { grantRoles, type PolicySpec, type RoleSpec } from "@/test/policy";

// decisions, end to end: each row grants the member roles (written as data), then lists
// the fixture's students through the real entities.list procedure. The expected names are the
// rows the member may see, or the error the whole call fails with.

const ALL = ["ada", "bob", "cy", "dee", "eve"];
const HOUR = 3_600_000;

type Row = {
  name: string;
  roles: (f: PolicyFixture) => RoleSpec[];
  expected: string[] | "FORBIDDEN";
};

const role = (...policies: PolicySpec[]): RoleSpec => ({ policies });
const list = (resource: string, extra: Partial<PolicySpec> = {}): PolicySpec => ({
  resource,
  action: "list",
  ...extra,
});
const deny = (resource: string, action = "*", extra: Partial<PolicySpec> = {}): PolicySpec => ({
  resource,
  action,
  effect: "deny",
  ...extra,
});

const rows: Row[] = [
  { name: "default deny: no role", roles: () => [], expected: "FORBIDDEN" },
  {
    name: "default deny: policies for another type only",
    roles: (f) => [role(list(f.people))],
    expected: "FORBIDDEN",
  },
  {
    name: "default deny: read does not grant list",
    roles: (f) => [role({ resource: f.slug, action: "read" })],
    expected: "FORBIDDEN",
  },
  { name: "allow list on the type", roles: (f) => [role(list(f.slug))], expected: ALL },
  { name: "wildcard resource *", roles: () => [role(list("*"))], expected: ALL },
  {
    name: "wildcard action *",
    roles: (f) => [role({ resource: f.slug, action: "*" })],
    expected: ALL,
  },
  {
    name: "wildcard resource and action",
    roles: () => [role({ resource: "*", action: "*" })],
    expected: ALL,
  },
  {
    name: "deny wins over allow in one role",
    roles: (f) => [role(list("*"), deny(f.slug, "list"))],
    expected: "FORBIDDEN",
  },
  {
    name: "deny wins over allow across roles (deny * *)",
    roles: (f) => [role(list(f.slug)), role(deny("*"))],
    expected: "FORBIDDEN",
  },
  {
    name: "priority never turns a deny into an allow",
    roles: (f) => [role(list(f.slug, { priority: 1000 }), deny(f.slug, "list", { priority: -5 }))],
    expected: "FORBIDDEN",
  },
  {
    name: "a deny of another type or action does not apply",
    roles: (f) => [role(list(f.slug), deny(f.people), deny(f.slug, "delete"))],
    expected: ALL,
  },
  {
    name: "an expired assignment is ignored",
    roles: (f) => [{ ...role(list(f.slug)), expiresAt: new Date(Date.now() - HOUR) }],
    expected: "FORBIDDEN",
  },
  {
    name: "an expired deny is ignored; an assignment expiring later applies",
    roles: (f) => [
      { ...role(list(f.slug)), expiresAt: new Date(Date.now() + HOUR) },
      { ...role(deny("*")), expiresAt: new Date(Date.now() - HOUR) },
    ],
    expected: ALL,
  },
  {
    name: "an assignment scoped to this type applies to it",
    roles: (f) => [{ ...role(list("*")), resourceType: f.slug }],
    expected: ALL,
  },
  {
    name: "an assignment scoped to another type does not apply here",
    roles: (f) => [{ ...role(list("*")), resourceType: f.people }],
    expected: "FORBIDDEN",
  },
  {
    name: "an assignment scoped to one record grants that record only",
    roles: (f) => [{ ...role(list("*")), resourceType: f.slug, resourceId: f.ids.ada }],
    expected: ["ada"],
  },
  {
    name: "a deny assigned for one record removes that record only",
    roles: (f) => [
      role(list(f.slug)),
      { ...role(deny("*")), resourceType: f.slug, resourceId: f.ids.bob },
    ],
    expected: ["ada", "cy", "dee", "eve"],
  },
  {
    name: "a deny assigned for another type does not apply here",
    roles: (f) => [role(list(f.slug)), { ...role(deny("*")), resourceType: f.people }],
    expected: ALL,
  },
  {
    name: "rules of one policy are AND-ed",
    roles: (f) => [
      role(
        list(f.slug, {
          rules: [
            { field: "status", op: "eq", value: "active" },
            { field: "data.address.city", op: "eq", value: "Paris" },
          ],
        }),
      ),
    ],
    expected: ["ada", "cy"],
  },
  {
    name: "policies are OR-ed",
    roles: (f) => [
      role(
        list(f.slug, { rules: [{ field: "status", op: "eq", value: "archived" }] }),
        list(f.slug, { rules: [{ field: "data.subject", op: "eq", value: "math" }] }),
      ),
    ],
    expected: ["ada", "bob"],
  },
  {
    name: "policies of different roles are OR-ed",
    roles: (f) => [
      role(list(f.slug, { rules: [{ field: "status", op: "eq", value: "archived" }] })),
      role(list("*", { rules: [{ field: "data.subject", op: "eq", value: "math" }] })),
    ],
    expected: ["ada", "bob"],
  },
  {
    name: "an unscoped allow is not narrowed by a scoped one",
    roles: (f) => [
      role(list(f.slug), list(f.slug, { rules: [{ field: "status", op: "eq", value: "x" }] })),
    ],
    expected: ALL,
  },
  {
    name: "a scoped deny removes only the rows it matches (records without the field stay)",
    roles: (f) => [
      role(
        list(f.slug),
        deny(f.slug, "list", { rules: [{ field: "data.address.city", op: "eq", value: "Paris" }] }),
      ),
    ],
    expected: ["bob", "dee", "eve"],
  },
  {
    name: "a scoped deny on a range removes only the rows it matches",
    roles: (f) => [
      role(list(f.slug), deny("*", "*", { rules: [{ field: "data.grade", op: "gte", value: 9 }] })),
    ],
    expected: ["ada", "cy", "dee"],
  },
  {
    name: "a scoped deny on status, with a scoped allow",
    roles: (f) => [
      role(
        list(f.slug, { rules: [{ field: "data.subject", op: "exists", value: true }] }),
        deny(f.slug, "*", { rules: [{ field: "status", op: "eq", value: "archived" }] }),
      ),
    ],
    expected: ["ada", "cy", "eve"],
  },
  {
    name: "a scoped deny of another action does not restrict listing",
    roles: (f) => [
      role(
        list(f.slug),
        deny(f.slug, "update", { rules: [{ field: "status", op: "eq", value: "active" }] }),
      ),
    ],
    expected: ALL,
  },
];

describe("decisions through entities.list", () => {
  it.each(rows)("$name", async (row) => {
    const f = await policyFixture();
    const member = await f.grant(row.roles(f));
    expect(await listNames(f, member)).toEqual(row.expected);
  });

  it("owners and admins bypass policies, even a deny * * assigned to them", async () => {
    const f = await policyFixture();
    for (const who of ["owner", "admin"] as const) {
      await grantRoles(f.t.org.id, f.t[who].id, [role(deny("*"))]);
      expect(await listNames(f, as(f.t, who))).toEqual(ALL);
    }
  });
});
