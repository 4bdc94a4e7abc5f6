import { describe, expect, it } from "vitest";
import { ensurePathStatistics, pathStatisticsName } from "@/server/db/path-statistics";
import { as, createType } from "@/test/business";
import { testDb } from "@/test/db";
import { createPolicy, createRole, createTenant } from "@/test/factories";

// A scope rule on a data path gives the planner statistics for that path (path-statistics.ts).

const definition = async (field: string) => {
  const rows = await testDb().$queryRaw<{ def: string }[]>`
    SELECT pg_get_statisticsobjdef(oid) AS "def" FROM pg_statistic_ext
    WHERE stxname = ${pathStatisticsName(field)}`;
  return rows[0]?.def ?? null;
};

/** A new organization with a rule on `field`, through the router (statistics made as usual). */
async function ruleOn(field: string) {
  const t = await createTenant();
  const owner = as(t, "owner");
  const type = await createType(owner);
  const role = await owner.roles.create({ name: "Scoped" });
  const policy = await owner.roles.addPolicy({
    roleId: role.id,
    resource: type.slug,
    action: "list",
    effect: "allow",
  });
  const rule = await owner.roles.addScopeRule({
    policyId: policy.id,
    type: "field",
    field,
    operator: "eq",
    value: "x",
  });
  return { t, owner, rule };
}

describe("statistics for scope-rule paths", () => {
  it("are created on the rule's data path, once for every organization", async () => {
    const field = `data.address.city${Date.now()}`;
    expect(await definition(field)).toBeNull();
    await ruleOn(field);
    const created = await definition(field);
    expect(created).toContain(`data #> '{address,city${field.split("city")[1]}}'::text[]`);
    await ruleOn(field);
    expect(await definition(field)).toBe(created);
  });

  it("quote any path the rule validation accepts", async () => {
    const field = `data.it's"a\\{path},${Date.now()}`;
    await ruleOn(field);
    expect(await definition(field)).toContain(`it''s\\"a\\\\{path}`);
  });

  it("are not made for column rules", async () => {
    await ruleOn("status");
    // (The name of `status` is the name `data.status` would have: none was made.)
    expect(await definition("status")).toBeNull();
  });
});

/** A rule on `field` in the organization, written directly (no event, no statistics made). */
async function ruleRow(orgId: string, field: string) {
  const role = await createRole(orgId);
  const policy = await createPolicy(role, { resource: "*", action: "list" });
  return testDb().scopeRule.create({
    data: { organizationId: orgId, policyId: policy.id, type: "field", field, operator: "eq" },
  });
}

describe("the number of path statistics", () => {
  it("is bounded: past the limit a new path gets none", async () => {
    const t = await createTenant();
    const field = `data.bounded${Date.now()}`;
    await ruleRow(t.org.id, field);
    expect(await ensurePathStatistics(testDb(), field, { limit: 0 })).toBe("limit");
    expect(await definition(field)).toBeNull();
    expect(await ensurePathStatistics(testDb(), field)).toBe("created");
    expect(await ensurePathStatistics(testDb(), field, { limit: 0 })).toBe("exists");
  });

  it("is bounded per organization: the first paths its rules ever named, removed rules included", async () => {
    const stamp = Date.now();
    const { t, owner, rule } = await ruleOn(`data.first${stamp}`);
    expect(await definition(`data.first${stamp}`)).not.toBeNull();
    // Removing the rule gives no room for another path…
    await owner.roles.removeScopeRule({ id: rule.id });
    await ruleRow(t.org.id, `data.second${stamp}`);
    expect(
      await ensurePathStatistics(testDb(), `data.second${stamp}`, { orgId: t.org.id, orgLimit: 1 }),
    ).toBe("organization limit");
    expect(await definition(`data.second${stamp}`)).toBeNull();
    // …while the path it named first keeps its place.
    await ruleRow(t.org.id, `data.first${stamp}`);
    expect(
      await ensurePathStatistics(testDb(), `data.first${stamp}`, { orgId: t.org.id, orgLimit: 1 }),
    ).toMatch(/^(exists|created)$/);
    // Another organization's quota is its own.
    const other = await createTenant();
    await ruleRow(other.org.id, `data.second${stamp}`);
    expect(
      await ensurePathStatistics(testDb(), `data.second${stamp}`, {
        orgId: other.org.id,
        orgLimit: 1,
      }),
    ).toBe("created");
  });
});

describe("statistics no rule uses", () => {
  it("are dropped before statistics are next made, unless another organization's rule still names the path", async () => {
    const stamp = Date.now();
    const shared = `data.shared${stamp}`;
    const alone = `data.alone${stamp}`;
    const a = await ruleOn(shared);
    const b = await ruleOn(shared);
    const c = await ruleOn(alone);
    await a.owner.roles.removeScopeRule({ id: a.rule.id });
    await c.owner.roles.removePolicy({ id: c.rule.policyId });
    // The next statistics made, for any organization, sweep first.
    await ruleOn(`data.next${stamp}`);
    expect(await definition(shared)).not.toBeNull();
    expect(await definition(alone)).toBeNull();
    await b.owner.roles.removeScopeRule({ id: b.rule.id });
    await ruleOn(`data.later${stamp}`);
    expect(await definition(shared)).toBeNull();
  });
});
