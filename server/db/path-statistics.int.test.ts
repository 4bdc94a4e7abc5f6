import { describe, expect, it } from "vitest";
import { ensurePathStatistics, pathStatisticsName } from "@/server/db/path-statistics";
import { as, createType } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";

// A scope rule on a data path gives the planner statistics for that path (path-statistics.ts).

const definition = async (field: string) => {
  const rows = await testDb().$queryRaw<{ def: string }[]>`
    SELECT pg_get_statisticsobjdef(oid) AS "def" FROM pg_statistic_ext
    WHERE stxname = ${pathStatisticsName(field)}`;
  return rows[0]?.def ?? null;
};

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
  await owner.roles.addScopeRule({
    policyId: policy.id,
    type: "field",
    field,
    operator: "eq",
    value: "x",
  });
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

describe("the number of path statistics", () => {
  it("is bounded: past the limit a new path gets none", async () => {
    const field = `data.bounded${Date.now()}`;
    expect(await ensurePathStatistics(testDb(), field, { limit: 0 })).toBe("limit");
    expect(await definition(field)).toBeNull();
    expect(await ensurePathStatistics(testDb(), field)).toBe("created");
    expect(await ensurePathStatistics(testDb(), field, { limit: 0 })).toBe("exists");
  });

  it("is bounded per organization: its rules' distinct data paths", async () => {
    const stamp = Date.now();
    await ruleOn(`data.first${stamp}`);
    const t = await createTenant();
    const field = `data.second${stamp}`;
    // The organization's rules name no path yet: within a limit of 0 it still gets one…
    expect(await ensurePathStatistics(testDb(), field, { orgId: t.org.id, orgLimit: 0 })).toBe(
      "created",
    );
    // …while an organization whose rules name one path is over it.
    const other = await testDb().scopeRule.findFirstOrThrow({
      where: { field: `data.first${stamp}` },
    });
    expect(
      await ensurePathStatistics(testDb(), `data.third${stamp}`, {
        orgId: other.organizationId,
        orgLimit: 0,
      }),
    ).toBe("organization limit");
    expect(await definition(`data.third${stamp}`)).toBeNull();
  });
});
