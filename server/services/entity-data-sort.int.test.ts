import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { listEntities, type ListEntitiesInput } from "@/server/services/entities";
import { dataFilterWhere, type DataFilter } from "@/server/services/entity-filters";
import { createEntityType, createOrganization } from "@/test/factories";
import { recordArb, relationsArb, rolesArb, RECORDS_MAX } from "@/test/policy-arbitraries";
import { seedPolicyRun } from "@/test/policy-scenario";

// Property test of data-field sorting: for random records (values of every JSON type, missing,
// nested, in arrays), random scopes, filters, sort paths, directions and page sizes, the pages
// walked one cursor at a time are exactly the records Prisma's findMany selects for the same
// where, in the order PostgreSQL gives `data #> path` (NULLS LAST, ties by id), once each.

let org: { id: string };
let peopleTypeId: string;

beforeAll(async () => {
  org = await createOrganization();
  peopleTypeId = (await createEntityType(org.id)).id;
});

const SORT_PATHS = ["a", "b", "n", "nested", "nested.x", "tags", "tags.0", "contacts.-1.phone"];
const filterArb: fc.Arbitrary<DataFilter> = fc.oneof(
  fc.record({
    field: fc.constantFrom("a", "n", "nested.x"),
    op: fc.constantFrom("eq" as const, "neq" as const),
    value: fc.constantFrom("x", 1, true, null),
  }),
  fc.record({
    field: fc.constantFrom("n", "b"),
    op: fc.constantFrom("gte" as const, "lt" as const),
    value: fc.constantFrom(1, "abc"),
  }),
);

describe("data-field sort: pages = the filtered, scoped list in PostgreSQL's jsonb order", () => {
  it("random records, scopes, filters, paths, directions and page sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: RECORDS_MAX * 2 }),
        relationsArb,
        rolesArb,
        fc.boolean(),
        fc.array(filterArb, { maxLength: 2 }),
        fc.constantFrom(...SORT_PATHS),
        fc.constantFrom("asc" as const, "desc" as const),
        fc.integer({ min: 1, max: 3 }),
        async (records, relations, roles, scoped, filters, path, direction, limit) => {
          // Without masks: sorting on a masked field is refused (entities-sort.int.test.ts).
          // Half the runs without row rules either, so that most pages hold several records.
          const unmasked = roles.map((role) => ({
            ...role,
            policies: role.policies.map((policy) =>
              scoped
                ? { ...policy, masks: [] }
                : { ...policy, effect: "allow" as const, rules: [], masks: [] },
            ),
          }));
          const { db, actor, type, engine } = await seedPolicyRun(org, peopleTypeId, {
            records,
            relations,
            roles: unmasked,
          });
          const input: ListEntitiesInput = {
            entityTypeId: type.id,
            filters,
            sort: { field: `data.${path}`, direction },
            limit,
          };
          if (!engine.can(type.slug, "list")) {
            await expect(listEntities({ db, actor }, input)).rejects.toMatchObject({
              code: "FORBIDDEN",
            });
            return;
          }
          const walked: string[] = [];
          for (let cursor: string | undefined, guard = 0; guard <= records.length + 1; guard++) {
            const page = await listEntities({ db, actor }, { ...input, cursor });
            walked.push(...page.items.map((item) => item.id));
            if (page.nextCursor === null) break;
            expect(page.items).toHaveLength(limit);
            cursor = page.nextCursor;
          }
          const selected = await db.entity.findMany({
            where: {
              AND: [
                { organizationId: org.id, entityTypeId: type.id, deletedAt: null },
                ...filters.map(dataFilterWhere),
                engine.scope(type.slug, "list"),
              ],
            },
            select: { id: true },
          });
          const order = Prisma.raw(direction === "asc" ? "ASC" : "DESC");
          const ids = selected.map((row) => row.id);
          const expected =
            ids.length === 0
              ? []
              : await db.$queryRaw<{ id: string }[]>`
                  SELECT "id" FROM "entities" WHERE "id" IN (${Prisma.join(ids)})
                  ORDER BY "data" #> ${path.split(".")}::text[] ${order} NULLS LAST, "id" ${order}`;
          expect(walked).toEqual(expected.map((row) => row.id));
        },
      ),
      { numRuns: 60 },
    );
  }, 240_000);
});
