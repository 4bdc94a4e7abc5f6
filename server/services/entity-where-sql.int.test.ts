import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import { dataFilterWhere, type DataFilter } from "@/server/services/entity-filters";
import { entityWhereSql } from "@/server/services/entity-where-sql";
import { testDb } from "@/test/db";
import { createEntityType, createOrganization } from "@/test/factories";
import { recordArb, relationsArb, rolesArb, RECORDS_MAX } from "@/test/policy-arbitraries";
import { seedPolicyRun } from "@/test/policy-scenario";

// Differential test of the where compiler behind data-field sorting: for random wheres (policy
// scopes from the policy engine's generators, random data filters, statuses, soft deletes) the
// ids the compiled SQL selects are exactly the ids Prisma's findMany selects for the same where,
// and for its negation (which flips Prisma's typed JSON filters). Shapes it does not know throw.

type Where = Prisma.EntityWhereInput;

let org: { id: string };
let peopleTypeId: string;

beforeAll(async () => {
  org = await createOrganization();
  peopleTypeId = (await createEntityType(org.id)).id;
});

const sortedIds = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

async function expectSameRows(where: Where, label: string) {
  const db = testDb();
  const compiled = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "entities" AS e WHERE ${entityWhereSql(where)}`;
  const prisma = await db.entity.findMany({ where, select: { id: true } });
  expect(sortedIds(compiled), `${label}: ${JSON.stringify(where)}`).toEqual(sortedIds(prisma));
}

const FILTER_FIELDS = ["a", "b", "n", "nested.x", "tags", "tags.0", "contacts.-1.phone", "nope"];
const filterScalar = fc.oneof(
  fc.constantFrom("x", "abc", "a_c", "a%", "\\", ""),
  fc.integer({ min: 0, max: 2 }),
  fc.constantFrom(0.5, -1.5),
  fc.boolean(),
  fc.constant(null),
);
const dataFilterArb: fc.Arbitrary<DataFilter> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...FILTER_FIELDS),
    op: fc.constantFrom("eq" as const, "neq" as const),
    value: filterScalar,
  }),
  fc.record({
    field: fc.constantFrom(...FILTER_FIELDS),
    op: fc.constant("in" as const),
    value: fc.array(filterScalar, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    field: fc.constantFrom(...FILTER_FIELDS),
    op: fc.constantFrom("gt" as const, "gte" as const, "lt" as const, "lte" as const),
    value: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constantFrom("a", "b_", "")),
  }),
);

describe("entity-where-sql: the compiled SQL selects what Prisma selects", () => {
  it("random policy scopes, data filters, statuses and soft deletes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: RECORDS_MAX }),
        relationsArb,
        rolesArb,
        fc.array(dataFilterArb, { maxLength: 3 }),
        fc.option(fc.constantFrom("active", "archived", "a_c")),
        fc.boolean(),
        async (records, relations, roles, filters, status, deleteFirst) => {
          const { db, type, ids, engine } = await seedPolicyRun(org, peopleTypeId, {
            records,
            relations,
            roles,
          });
          if (deleteFirst)
            await db.entity.update({ where: { id: ids[0]! }, data: { deletedAt: new Date() } });
          const conditions: Where[] = [
            { deletedAt: null },
            status !== null ? { status } : {},
            ...filters.map(dataFilterWhere),
            engine.scope(type.slug, "list"),
          ];
          const ofType: Where = { organizationId: org.id, entityTypeId: type.id };
          await expectSameRows({ AND: [ofType, ...conditions] }, "where");
          await expectSameRows({ AND: [ofType, { NOT: { AND: conditions } }] }, "NOT where");
          await expectSameRows({ AND: [ofType, engine.scope(type.slug, "read")] }, "read scope");
        },
      ),
      { numRuns: 100 },
    );
  }, 240_000);

  it("hand-picked shapes: JSON and database nulls, empty lists, paths, patterns, times, relations", async () => {
    const type = await createEntityType(org.id);
    const db = testDb();
    const made = [];
    const datas: Prisma.InputJsonValue[] = [
      { a: null, s: "a_c", tags: ["x", 1], n: 1 },
      { a: "x", s: "abc", tags: [], n: "1", o: { x: 1 } },
      { s: "a%c", tags: "x", n: 2.5, o: [{ x: 1 }] },
      { a: [null], s: "\\", n: true },
      {},
    ];
    for (const [index, data] of datas.entries()) {
      made.push(
        await db.entity.create({
          data: {
            organizationId: org.id,
            entityTypeId: type.id,
            data,
            status: index % 2 ? "active" : "draft",
            createdAt: new Date(Date.UTC(2024, 0, index + 1)),
          },
        }),
      );
    }
    await db.entityRelation.create({
      data: {
        organizationId: org.id,
        fromEntityId: made[0]!.id,
        toEntityId: made[1]!.id,
        relationType: "r",
      },
    });
    const day = (n: number) => new Date(Date.UTC(2024, 0, n));
    const ofType: Where = { entityTypeId: type.id };
    const cases: Where[] = [
      {},
      { data: { path: ["a"], equals: Prisma.JsonNull } },
      { data: { path: ["a"], equals: Prisma.DbNull } },
      { NOT: { data: { path: ["a"], equals: Prisma.JsonNull } } },
      { NOT: { data: { path: ["a"], equals: Prisma.DbNull } } },
      { data: { path: [], equals: {} } },
      { data: { path: ["o"], equals: { x: 1 } } },
      { data: { path: ["o", "0", "x"], equals: 1 } },
      { data: { path: ["s"], string_contains: "_" } },
      { data: { path: ["s"], string_contains: "\\_" } },
      { data: { path: ["s"], string_starts_with: "a" } },
      { NOT: { data: { path: ["s"], string_ends_with: "c" } } },
      { data: { path: ["tags"], array_contains: [] } },
      { data: { path: ["tags"], array_contains: "x" } },
      { NOT: { data: { path: ["tags"], array_contains: [1] } } },
      { data: { path: ["o"], array_contains: [{ x: 1 }] } },
      { data: { path: ["n"], gte: 1 } },
      { NOT: { data: { path: ["n"], lt: 2 } } },
      { NOT: { NOT: { data: { path: ["n"], lt: 2 } } } },
      { NOT: [{ data: { path: ["n"], gt: 0 } }, { status: "draft" }] },
      { NOT: { OR: [{ data: { path: ["s"], lte: "abc" } }, { status: "active" }] } },
      { id: { in: [] } },
      { NOT: { id: { in: [] } } },
      { OR: [{ status: { notIn: [] } }, { status: "draft" }] },
      { NOT: { status: { notIn: ["draft"] } } },
      { status: { contains: "ct" } },
      { AND: [{}, { status: "draft" }, { AND: [] }] },
      { createdAt: { gt: day(2) } },
      { NOT: { createdAt: { lte: day(3) } } },
      { createdAt: { in: [day(1), day(4)] } },
      { updatedAt: { notIn: [day(1)] } },
      { id: made[2]!.id },
      { relationsFrom: { some: { relationType: "r", toEntityId: { in: [made[1]!.id] } } } },
      { relationsTo: { some: { relationType: "r", fromEntityId: { in: [] } } } },
      {
        NOT: { relationsTo: { some: { relationType: "r", fromEntityId: { in: [made[0]!.id] } } } },
      },
    ];
    for (const [index, where] of cases.entries()) {
      await expectSameRows({ AND: [ofType, where] }, `case ${index}`);
    }
  });
});

describe("entity-where-sql: fails closed", () => {
  it.each<[string, unknown]>([
    ["an unknown field", { searchText: "x" }],
    ["an unknown text operator", { status: { startsWith: "a" } }],
    ["an insensitive mode", { status: { contains: "a", mode: "insensitive" } }],
    ["an empty OR (Prisma reads it two ways)", { OR: [] }],
    ["an empty condition inside OR (Prisma drops it)", { OR: [{}, { status: "a" }] }],
    ["NOT of nothing (Prisma reads it as true)", { NOT: {} }],
    ["a data filter without a path", { data: { equals: { a: 1 } } }],
    ["two data operators at once", { data: { path: ["a"], gt: 1, lt: 5 } }],
    ["AnyNull", { data: { path: ["a"], equals: Prisma.AnyNull } }],
    ["array_starts_with", { data: { path: ["a"], array_starts_with: "x" } }],
    ["a range on a boolean", { data: { path: ["a"], gt: true } }],
    ["a number that is not finite", { data: { path: ["a"], equals: Number.NaN } }],
    ["deletedAt other than null", { deletedAt: { not: null } }],
    ["a time as a string", { createdAt: { gt: "2024-01-01" } }],
    ["every on relations", { relationsFrom: { every: { relationType: "r" } } }],
    ["another relation field", { relationsFrom: { some: { metadata: { equals: 1 } } } }],
  ])("%s", (_label, where) => {
    let error: unknown = null;
    try {
      entityWhereSql(where as Where);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INTERNAL_SERVER_ERROR");
  });
});
