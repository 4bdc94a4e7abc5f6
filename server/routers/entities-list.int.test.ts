import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import type { Caller } from "@/test/callers";
import { as, caught, createType, walkPages, type JsonObject } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// entities.list (docs/business-data.md): filters run in SQL before the cursor page is cut, so every page is
// full until the last one (the original took a page, then dropped rows).

type ListInput = Parameters<Caller["entities"]["list"]>[0];

const COUNT = 30;
const BASE = Date.parse("2025-01-01T00:00:00Z");
const CITIES = ["Lyon", "Paris", "Nice"];

let t: Tenant;
let owner: Caller;
let typeSlug: string;
/** ids[i] is the entity with data.n === i; createdAt grows with i, updatedAt shrinks. */
let ids: string[];

/** The ids of the entities whose n passes `keep`, in the given order of n. */
const expected = (keep: (n: number) => boolean, order: "asc" | "desc" = "desc") => {
  const ns = [...ids.keys()].filter(keep);
  return (order === "desc" ? ns.reverse() : ns).map((n) => ids[n]!);
};

const walk = (input: Omit<ListInput, "limit" | "cursor">, limit = 4) =>
  walkPages(
    (cursor) => owner.entities.list({ entityTypeSlug: typeSlug, ...input, limit, cursor }),
    limit,
  );

beforeAll(async () => {
  t = await createTenant();
  owner = as(t, "owner");
  const type = await createType(owner);
  typeSlug = type.slug;
  // Written directly so that createdAt/updatedAt are distinct and known: the order is exact.
  const rows: Prisma.EntityCreateManyInput[] = Array.from({ length: COUNT }, (_, n) => ({
    organizationId: t.org.id,
    entityTypeId: type.id,
    status: n % 5 === 0 ? "archived" : "active",
    data: {
      name: `Student ${n}`,
      n,
      group: n % 3 === 0 ? "match" : "other",
      enrolled: n % 2 === 0,
      address: { city: CITIES[n % 3]! },
    },
    createdAt: new Date(BASE + n * 60_000),
    updatedAt: new Date(BASE + (COUNT - n) * 60_000),
  }));
  await testDb().entity.createMany({ data: rows });
  const stored = await testDb().entity.findMany({
    where: { entityTypeId: type.id },
    select: { id: true, data: true },
  });
  ids = [];
  for (const row of stored) ids[(row.data as { n: number }).n] = row.id;
  // Another type of the same organization, with matching data, must never be listed.
  const other = await createType(owner);
  await owner.entities.create({ entityTypeId: other.id, data: { name: "Other", group: "match" } });
});

describe("entities.list: exact pages", () => {
  it("30 entities, every third matching, pages of 4: exactly the 10 matches in order, pages 4/4/2", async () => {
    const walked = await walk({ filters: [{ field: "group", op: "eq", value: "match" }] });
    expect(walked).toHaveLength(10);
    expect(walked).toEqual(expected((n) => n % 3 === 0));
  });

  it("without filters, all 30 newest first; page sizes that divide the total end without an empty page", async () => {
    expect(await walk({}, 7)).toEqual(expected(() => true));
    const first = await owner.entities.list({ entityTypeSlug: typeSlug, limit: 30 });
    expect(first.items).toHaveLength(30);
    expect(first.nextCursor).toBeNull();
    expect(await walk({}, 10)).toEqual(expected(() => true));
  });

  it("the default sort is createdAt desc; asc/desc on createdAt and updatedAt", async () => {
    const sorted = (field: "createdAt" | "updatedAt", direction: "asc" | "desc") =>
      walk({ sort: { field, direction } }, 8);
    expect(await sorted("createdAt", "desc")).toEqual(expected(() => true, "desc"));
    expect(await sorted("createdAt", "asc")).toEqual(expected(() => true, "asc"));
    // updatedAt runs the other way round from createdAt in the fixture.
    expect(await sorted("updatedAt", "desc")).toEqual(expected(() => true, "asc"));
    expect(await sorted("updatedAt", "asc")).toEqual(expected(() => true, "desc"));
  });
});

describe("entities.list: filters", () => {
  it.each<[string, NonNullable<ListInput["filters"]>, (n: number) => boolean]>([
    ["eq", [{ field: "group", op: "eq", value: "match" }], (n) => n % 3 === 0],
    ["eq on a boolean", [{ field: "enrolled", op: "eq", value: true }], (n) => n % 2 === 0],
    ["neq", [{ field: "group", op: "neq", value: "match" }], (n) => n % 3 !== 0],
    ["in", [{ field: "n", op: "in", value: [1, 2, 3, 29, 99] }], (n) => [1, 2, 3, 29].includes(n)],
    ["gt", [{ field: "n", op: "gt", value: 25 }], (n) => n > 25],
    ["gte", [{ field: "n", op: "gte", value: 25 }], (n) => n >= 25],
    ["lt", [{ field: "n", op: "lt", value: 4 }], (n) => n < 4],
    ["lte", [{ field: "n", op: "lte", value: 4 }], (n) => n <= 4],
    ["a nested path", [{ field: "address.city", op: "eq", value: "Lyon" }], (n) => n % 3 === 0],
    ["a data. prefix", [{ field: "data.n", op: "lt", value: 2 }], (n) => n < 2],
    [
      "several filters (AND)",
      [
        { field: "n", op: "gte", value: 10 },
        { field: "address.city", op: "in", value: ["Paris", "Nice"] },
      ],
      (n) => n >= 10 && n % 3 !== 0,
    ],
  ])("%s", async (_label, filters, keep) => {
    expect(await walk({ filters })).toEqual(expected(keep));
  });

  it("status filters in SQL too, and combines with data filters and sort", async () => {
    expect(await walk({ status: "archived" }, 2)).toEqual(expected((n) => n % 5 === 0));
    expect(
      await walk(
        {
          status: "active",
          filters: [{ field: "group", op: "eq", value: "match" }],
          sort: { field: "createdAt", direction: "asc" },
        },
        3,
      ),
    ).toEqual(expected((n) => n % 5 !== 0 && n % 3 === 0, "asc"));
  });

  it("neq keeps records without the field or with null (as !== did); eq null is a JSON null only", async () => {
    const type = await createType(owner, { schema: { type: "object" } });
    // b has no nick at all.
    const rows: JsonObject[] = [
      { name: "a", nick: null },
      { name: "b" },
      { name: "c", nick: "x" },
      { name: "d", nick: "y" },
    ];
    for (const data of rows) await owner.entities.create({ entityTypeId: type.id, data });
    const names = async (filters: NonNullable<ListInput["filters"]>) => {
      const page = await owner.entities.list({ entityTypeId: type.id, filters, limit: 10 });
      return page.items.map((item) => (item.data as { name: string }).name).sort();
    };
    expect(await names([{ field: "nick", op: "neq", value: "x" }])).toEqual(["a", "b", "d"]);
    expect(await names([{ field: "nick", op: "neq", value: null }])).toEqual(["b", "c", "d"]);
    expect(await names([{ field: "nick", op: "eq", value: null }])).toEqual(["a"]);
    expect(await names([{ field: "nick", op: "in", value: [null, "x"] }])).toEqual(["a", "c"]);
  });

  it("no match is an empty page without a cursor", async () => {
    const page = await owner.entities.list({
      entityTypeSlug: typeSlug,
      filters: [{ field: "address.city", op: "eq", value: "Atlantis" }],
    });
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it("soft-deleted entities are left out of pages", async () => {
    const type = await createType(owner);
    const made = [];
    for (const name of ["a", "b", "c", "d", "e"]) {
      made.push(await owner.entities.create({ entityTypeId: type.id, data: { name } }));
    }
    await owner.entities.remove({ id: made[1]!.id });
    await owner.entities.remove({ id: made[3]!.id });
    const walked = await walkPages(
      (cursor) => owner.entities.list({ entityTypeId: type.id, limit: 2, cursor }),
      2,
    );
    expect(new Set(walked)).toEqual(new Set([made[0]!.id, made[2]!.id, made[4]!.id]));
  });

  it("needs a known type; members are refused", async () => {
    expect((await caught(owner.entities.list({ entityTypeSlug: "missing" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await caught(owner.entities.list({}))).code).toBe("BAD_REQUEST");
    expect((await caught(as(t, "member").entities.list({ entityTypeSlug: typeSlug }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
