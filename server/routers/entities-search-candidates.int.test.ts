import { describe, expect, it } from "vitest";
import { as, caught, createType } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { grantRoles } from "@/test/policy";
import { SEARCH_CANDIDATES } from "@/server/services/entity-search";

// What a search ranks (server/services/entity-search.ts): the SEARCH_CANDIDATES most recently
// updated matches among the records the caller may see, with status and data filters in the
// same SQL; `exhaustive` says whether every match was ranked.

const schema = { type: "object" } as const;

/** `count` records matching "tutor" once, updated after `since` (written in bulk). */
async function recentTutors(t: Tenant, typeId: string, count: number, since: Date) {
  await testDb().entity.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organizationId: t.org.id,
      entityTypeId: typeId,
      status: "archived",
      data: { name: `tutor ${i}`, level: i % 2 },
      searchText: `tutor ${i}`,
      updatedAt: new Date(since.getTime() + 1000 + i),
    })),
  });
}

async function fixture() {
  const t = await createTenant();
  const owner = as(t, "owner");
  const type = await createType(owner, { schema, searchFields: ["name"] });
  // The best match there is, but updated long ago.
  const best = await owner.entities.create({
    entityTypeId: type.id,
    data: { name: "tutor tutor tutor", level: 7 },
  });
  await testDb().entity.update({ where: { id: best.id }, data: { updatedAt: new Date(1_000) } });
  return { t, owner, type, best: best.id };
}

describe("entities.search candidates", () => {
  it("ranks every match while fewer than SEARCH_CANDIDATES match", async () => {
    const { t, owner, type, best } = await fixture();
    // With the old best match: one fewer than SEARCH_CANDIDATES.
    await recentTutors(t, type.id, SEARCH_CANDIDATES - 2, new Date(2_000));
    const result = await owner.entities.search({ query: "tutor", limit: 5 });
    expect(result.exhaustive).toBe(true);
    expect(result.items[0]!.id).toBe(best);
  });

  it("beyond that, ranks the most recently updated matches and says so", async () => {
    const { t, owner, type, best } = await fixture();
    await recentTutors(t, type.id, SEARCH_CANDIDATES, new Date(2_000));
    const result = await owner.entities.search({ query: "tutor", limit: 5 });
    expect(result.exhaustive).toBe(false);
    expect(result.items.map((item) => item.id)).not.toContain(best);
    expect(result.items).toHaveLength(5);
    // A more precise query brings it back.
    const precise = await owner.entities.search({
      query: "tutor",
      filters: [{ field: "level", op: "eq", value: 7 }],
    });
    expect(precise).toMatchObject({ exhaustive: true, items: [{ id: best }] });
  });

  it("counts candidates among the records the caller may see", async () => {
    const { t, type, best } = await fixture();
    await recentTutors(t, type.id, SEARCH_CANDIDATES + 5, new Date(2_000));
    // The member sees active records only: the old best match, not the recent archived ones.
    await grantRoles(t.org.id, t.member.id, [
      {
        policies: [
          {
            resource: type.slug,
            action: "list",
            rules: [{ field: "status", op: "eq", value: "active" }],
          },
          { resource: type.slug, action: "read" },
        ],
      },
    ]);
    const result = await as(t, "member").entities.search({ query: "tutor" });
    expect(result).toMatchObject({ exhaustive: true, items: [{ id: best }] });
    expect(result.items).toHaveLength(1);
  });

  it("filters by status and data fields in SQL, and refuses filters on masked fields", async () => {
    const { t, owner, type, best } = await fixture();
    await recentTutors(t, type.id, 10, new Date(2_000));
    const active = await owner.entities.search({ query: "tutor", status: "active" });
    expect(active.items.map((item) => item.id)).toEqual([best]);
    const odd = await owner.entities.search({
      query: "tutor",
      filters: [{ field: "level", op: "eq", value: 1 }],
    });
    expect(odd.items).toHaveLength(5);
    expect(odd.items.every((item) => (item.data as { level: number }).level === 1)).toBe(true);
    await grantRoles(t.org.id, t.member.id, [
      {
        policies: [
          { resource: type.slug, action: "list", masks: [{ path: "data.level", type: "hide" }] },
        ],
      },
    ]);
    const error = await caught(
      as(t, "member").entities.search({
        query: "tutor",
        filters: [{ field: "level", op: "eq", value: 7 }],
      }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("data.level");
  });
});
