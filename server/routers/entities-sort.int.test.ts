import { randomBytes } from "node:crypto";
import type { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import type { Caller } from "@/test/callers";
import { as, caught, createType, fieldOf, walkPages } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { grantRoles } from "@/test/policy";

// entities.list sorted by a data field (issue 4): PostgreSQL's jsonb order of the value, records
// without it last both ways, ties by id, exact cursor pages with filters, status and the scope;
// refused on a masked field (the order would leak it) and on a malformed path.

type ListInput = Parameters<Caller["entities"]["list"]>[0];
type Direction = "asc" | "desc";

let t: Tenant;
let owner: Caller;
let typeId: string;
/** The stored records in id order (ids are lower-case letters and digits: one order anywhere). */
let records: { id: string; data: Record<string, Prisma.JsonValue>; status: string }[];

const NAMES = ["kim", "ada", "lee", "bob", "eve", "cy", "dee", "fay", "gus", "hal", "ida", "jo"];
const CITIES = ["lyon", "paris", "nice"];

/** Writes records with known ids straight through Prisma; returns them in id order. */
async function seed(entityTypeId: string, datas: Record<string, Prisma.JsonValue>[]) {
  const prefix = `s${randomBytes(4).toString("hex")}`;
  const rows = datas.map((data, index) => ({
    id: `${prefix}${String(index).padStart(2, "0")}`,
    organizationId: t.org.id,
    entityTypeId,
    status: index % 3 === 0 ? "archived" : "active",
    data: data as Prisma.InputJsonValue,
  }));
  await testDb().entity.createMany({ data: rows });
  return rows.map(({ id, data, status }) => ({ id, data: data as (typeof datas)[number], status }));
}

/** The ids of `rows` ordered by `key` (a number or string, undefined last), ties by id. */
function expectedOrder(
  rows: typeof records,
  key: (data: Record<string, Prisma.JsonValue>) => number | string | undefined,
  direction: Direction,
): string[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const [x, y] = [key(a.data), key(b.data)];
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
      } else if (x !== y) return (x < y ? -1 : 1) * sign;
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((row) => row.id);
}

const walk = (caller: Caller, input: Omit<ListInput, "limit" | "cursor">, limit: number) =>
  walkPages((cursor) => caller.entities.list({ ...input, limit, cursor }), limit);

beforeAll(async () => {
  t = await createTenant();
  owner = as(t, "owner");
  typeId = (await createType(owner, { schema: { type: "object" } })).id;
  records = await seed(
    typeId,
    Array.from({ length: 24 }, (_, i) => ({
      name: `${NAMES[i % NAMES.length]!}${i < NAMES.length ? "" : "z"}`,
      // Ties on purpose; every fourth record has no grade at all.
      ...(i % 4 !== 2 && { grade: (i * 7) % 5 }),
      ...(i % 5 !== 4 && { address: { city: CITIES[i % 3]! } }),
      group: i % 2 === 0 ? "even" : "odd",
    })),
  );
});

describe("entities.list sorted by a data field", () => {
  it.each<[string, (data: Record<string, Prisma.JsonValue>) => number | string | undefined]>([
    ["data.grade", (data) => data.grade as number | undefined],
    ["data.name", (data) => data.name as string],
    ["data.address.city", (data) => (data.address as { city?: string } | undefined)?.city],
  ])(
    "%s asc and desc, missing last both ways, ties by id, pages of 1, 5 and 24",
    async (field, key) => {
      for (const direction of ["asc", "desc"] as const) {
        const sort = { field, direction };
        const expected = expectedOrder(records, key, direction);
        for (const limit of [1, 5, 24]) {
          expect(
            await walk(owner, { entityTypeId: typeId, sort }, limit),
            `${field} ${direction}`,
          ).toEqual(expected);
        }
      }
    },
  );

  it("values of different JSON types follow jsonb order: null < strings < numbers < booleans < arrays < objects, then missing", async () => {
    const mixedType = (await createType(owner, { schema: { type: "object" } })).id;
    const values: Prisma.JsonValue[] = [2, "b", true, null, [1], { x: 1 }, 10, "a"];
    const rows = await seed(mixedType, [...values.map((v) => ({ v })), {}]);
    const id = (value: Prisma.JsonValue | undefined) =>
      rows[value === undefined ? values.length : values.indexOf(value)]!.id;
    const ascending = [null, "a", "b", 2, 10, true, values[4], values[5]].map(id);
    const list = (direction: Direction) =>
      walk(owner, { entityTypeId: mixedType, sort: { field: "data.v", direction } }, 4);
    expect(await list("asc")).toEqual([...ascending, id(undefined)]);
    expect(await list("desc")).toEqual([...ascending.reverse(), id(undefined)]);
  });

  it("filters, status and the member's scope apply before the page is cut", async () => {
    const member = as(t, "member");
    await grantRoles(t.org.id, t.member.id, [
      {
        policies: [
          {
            resource: "*",
            action: "list",
            rules: [{ field: "data.group", op: "eq", value: "even" }],
          },
        ],
      },
    ]);
    const keep = records.filter(
      (row) =>
        row.data.group === "even" &&
        row.status === "active" &&
        (row.data.address as { city?: string } | undefined)?.city !== "nice",
    );
    expect(keep.length).toBeGreaterThan(2);
    const input = {
      entityTypeId: typeId,
      status: "active",
      filters: [{ field: "address.city", op: "neq" as const, value: "nice" }],
    };
    for (const direction of ["asc", "desc"] as const) {
      const expected = expectedOrder(keep, (data) => data.grade as number | undefined, direction);
      for (const limit of [1, 2, 3]) {
        const sort = { field: "data.grade", direction };
        expect(await walk(member, { ...input, sort }, limit)).toEqual(expected);
      }
    }
    // A cursor outside the list's scope does not place a page (it would by a value not shown).
    const outside = records.find((row) => row.data.group === "odd")!.id;
    const error = await caught(
      member.entities.list({
        ...input,
        sort: { field: "data.grade", direction: "asc" },
        cursor: outside,
      }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
  });

  it("refuses to sort on a masked field, inside one or around one (403), like filtering", async () => {
    const masked = await createTenant();
    const type = await createType(as(masked, "owner"), { schema: { type: "object" } });
    await as(masked, "owner").entities.create({
      entityTypeId: type.id,
      data: { name: "a", grade: 1, address: { city: "x" }, contacts: [{ phone: "1" }] },
    });
    await grantRoles(masked.org.id, masked.member.id, [
      {
        policies: [
          {
            resource: type.slug,
            action: "*",
            masks: [
              { path: "data.grade", type: "hide" },
              { path: "data.address.city", type: "redact" },
              { path: "data.contacts.phone", type: "hide" },
            ],
          },
        ],
      },
    ]);
    const member = as(masked, "member");
    const sortOn = (field: string) =>
      member.entities.list({ entityTypeId: type.id, sort: { field, direction: "asc" } });
    for (const field of [
      "data.grade",
      "data.address",
      "data.address.city",
      "data.contacts.0.phone",
    ]) {
      const error = await caught(sortOn(field));
      expect([error.code, error.message]).toEqual(["FORBIDDEN", `Not allowed to sort on ${field}`]);
    }
    expect((await sortOn("data.name")).items).toHaveLength(1);
  });

  it("a malformed path is a BAD_REQUEST naming sort.field", async () => {
    for (const field of ["name", "data.", "data.a b", "data.a..b", "data.a'); --", "created"]) {
      const error = await caught(
        owner.entities.list({ entityTypeId: typeId, sort: { field, direction: "asc" } }),
      );
      expect(error.code, field).toBe("BAD_REQUEST");
      expect((error.cause as ZodError).issues[0]?.path, field).toEqual(["sort", "field"]);
    }
  });
});
