import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { SEARCH_CANDIDATES } from "@/lib/search";
import { policyFor } from "@/server/policy";
import type { ServiceContext, WithDefaults } from "@/server/services/context";
import { entitySelect, type EntityRecord } from "@/server/services/entities";
import { assertNotMasked, dataFilterWhere } from "@/server/services/entity-filters";
import { entityWhereSql } from "@/server/services/entity-where-sql";
import { findEntityType } from "@/server/services/entity-types";
import { toPrefixTsQuery } from "@/server/services/search-text";
import type { searchEntitiesInput } from "@/server/routers/business-schemas";

// Full-text search over entities' searchText: the generated tsvector column with its GIN index,
// ranked, the last word matched as a prefix, and always restricted to the actor's organization
// in the same query (the original searched every tenant, then filtered).
//
// Ranking reads every candidate's vector, so its cost grows with the number of matches: a
// short prefix ("mar") can match tens of thousands of records of a large organization. The
// candidates are therefore the CANDIDATES most recently updated matches: when fewer records
// match, the ranking is exact over all of them; when more do, the best-ranked among the most
// recent are returned and `exhaustive` is false (the dashboard says so and suggests more
// words). PostgreSQL picks the GIN index for selective queries and walks the
// (organizationId, updatedAt) index for unselective ones, stopping at CANDIDATES matches.

export { SEARCH_CANDIDATES };

/** What entities.search validates; `limit` defaults to 25 here too. */
export type SearchEntitiesInput = WithDefaults<z.output<typeof searchEntitiesInput>, "limit">;

export async function searchEntities(
  ctx: ServiceContext,
  input: SearchEntitiesInput,
): Promise<{ items: (EntityRecord & { rank: number })[]; exhaustive: boolean }> {
  const type =
    input.entityTypeId || input.entityTypeSlug
      ? await findEntityType(
          ctx.db,
          ctx.actor.orgId,
          input.entityTypeId ? { id: input.entityTypeId } : { slug: input.entityTypeSlug },
        )
      : null;
  const policy = await policyFor(ctx);
  const types = await ctx.db.entityType.findMany({
    where: { organizationId: ctx.actor.orgId, ...(type && { id: type.id }) },
    select: { id: true, slug: true, searchFields: true },
  });
  const listable = types.filter((candidate) => policy.can(candidate.slug, "list"));
  if (type && listable.length === 0) policy.assert(type.slug, "list");
  for (const candidate of listable)
    for (const filter of input.filters ?? [])
      assertNotMasked(policy.masks(candidate.slug), filter.field, "filter");
  const tsquery = toPrefixTsQuery(input.query);
  if (!tsquery || listable.length === 0) return { items: [], exhaustive: true };
  const limit = input.limit ?? 25;
  const slugById = new Map(listable.map((candidate) => [candidate.id, candidate.slug]));
  // Each hit must be in its type's row scope, decided in the same SQL (so the candidates and
  // the page are counted among visible records only). Types the actor sees whole need no
  // condition: a redundant OR of type conditions misleads the planner's estimates (it then
  // chose a bitmap over every record of those types: 250 ms instead of 5).
  const scoped = listable.flatMap((candidate) => {
    const scope = policy.scope(candidate.slug, "list");
    return Object.keys(scope).length === 0 ? [] : [{ id: candidate.id, scope }];
  });
  const visible: Prisma.EntityWhereInput = {
    AND: [
      input.status !== undefined ? { status: input.status } : {},
      ...(input.filters ?? []).map(dataFilterWhere),
      scoped.length === 0
        ? {}
        : {
            OR: [
              { entityTypeId: { notIn: scoped.map((candidate) => candidate.id) } },
              // AND, not a spread: a scope rule on entityTypeId must not replace the type.
              ...scoped.map(({ id, scope }) => ({ AND: [{ entityTypeId: id }, scope] })),
            ],
          },
    ],
  };
  const vector = searchVector(listable, (slug) => policy.masks(slug).map((mask) => mask.fieldPath));
  const hits = await ctx.db.$queryRaw<{ id: string; rank: number; matches: bigint }[]>(
    searchQuery({
      orgId: ctx.actor.orgId,
      typeIds: [...slugById.keys()],
      tsquery,
      vector,
      visible,
      limit,
    }),
  );
  // Loaded with the same conditions once more (as the data sort does): a record the compiled
  // SQL selected and Prisma would not (a compiler bug) is dropped here rather than shown.
  const rows = await ctx.db.entity.findMany({
    where: {
      AND: [
        {
          organizationId: ctx.actor.orgId,
          entityTypeId: { in: [...slugById.keys()] },
          deletedAt: null,
          id: { in: hits.map((hit) => hit.id) },
        },
        visible,
      ],
    },
    select: entitySelect,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row
      ? [{ ...policy.mask(slugById.get(row.entityTypeId)!, row), rank: Number(hit.rank) }]
      : [];
  });
  const matches = hits.length > 0 ? Number(hits[0]!.matches) : 0;
  return { items, exhaustive: matches < SEARCH_CANDIDATES };
}

/** The ranked page of hit ids (exported for the benchmark's EXPLAIN). */
export function searchQuery(input: {
  orgId: string;
  typeIds: string[];
  tsquery: string;
  vector: Prisma.Sql;
  visible: Prisma.EntityWhereInput;
  limit: number;
}): Prisma.Sql {
  const { vector, tsquery } = input;
  return Prisma.sql`
    SELECT c."id", ts_rank(c."vector", q) AS rank, count(*) OVER () AS matches
    FROM (
      SELECT e."id", e."updatedAt", ${vector} AS "vector"
      FROM "entities" e
      WHERE e."organizationId" = ${input.orgId}
        AND e."deletedAt" IS NULL
        AND e."entityTypeId" IN (${Prisma.join(input.typeIds)})
        AND ${vector} @@ to_tsquery('simple', ${tsquery})
        AND ${entityWhereSql(input.visible)}
      ORDER BY e."updatedAt" DESC, e."id" DESC
      LIMIT ${SEARCH_CANDIDATES}
    ) c, to_tsquery('simple', ${tsquery}) q
    ORDER BY rank DESC, c."updatedAt" DESC, c."id"
    LIMIT ${input.limit}`;
}

/** The stored vector, for actors without masks on searchable fields. */
export const STORED_VECTOR = Prisma.sql`e."searchVector"`;

/**
 * The vector to match. The stored vector covers every search field; for an actor whose masks
 * hide or redact some of a type's searchable fields, matching on it would let them find records
 * by values they cannot see (an oracle). For those types the vector is built on the fly from the
 * visible fields only (no index, but only for masked actors and only for those types).
 */
function searchVector(
  types: { id: string; slug: string; searchFields: string[] }[],
  maskedPaths: (slug: string) => string[],
): Prisma.Sql {
  const cases = types.flatMap((type) => {
    const masked = new Set(
      maskedPaths(type.slug)
        .filter((path) => path.startsWith("data."))
        .map((path) => path.slice("data.".length).split(".")[0]!),
    );
    if (masked.size === 0) return [];
    const text =
      type.searchFields.length > 0
        ? Prisma.sql`concat_ws(' ', ${Prisma.join(
            type.searchFields
              .filter((field) => !masked.has(field))
              .map(
                (field) =>
                  Prisma.sql`CASE WHEN jsonb_typeof(e."data" -> ${field}) = 'string' THEN e."data" ->> ${field} END`,
              )
              .concat(Prisma.sql`''`),
          )})`
        : Prisma.sql`coalesce((SELECT string_agg(kv.value, ' ') FROM jsonb_each_text(e."data") kv
            WHERE jsonb_typeof(e."data" -> kv.key) = 'string' AND kv.key NOT IN (${Prisma.join([...masked])})), '')`;
    return [
      Prisma.sql`WHEN e."entityTypeId" = ${type.id} THEN to_tsvector('simple', lower(${text}))`,
    ];
  });
  if (cases.length === 0) return STORED_VECTOR;
  return Prisma.sql`(CASE ${Prisma.join(cases, " ")} ELSE e."searchVector" END)`;
}
