import { Prisma } from "@/generated/prisma/client";
import { policyFor } from "@/server/policy";
import type { ServiceContext } from "@/server/services/context";
import { entitySelect, type EntityRecord, type TypeRef } from "@/server/services/entities";
import { findEntityType } from "@/server/services/entity-types";
import { toPrefixTsQuery } from "@/server/services/search-text";

// Full-text search over entities' searchText: the generated tsvector column with its GIN index,
// ranked, the last word matched as a prefix, and always restricted to the actor's organization
// in the same query (the original searched every tenant, then filtered: reference §11 defect 8).

export async function searchEntities(
  ctx: ServiceContext,
  input: TypeRef & { query: string; limit?: number },
): Promise<{ items: (EntityRecord & { rank: number })[] }> {
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
  const tsquery = toPrefixTsQuery(input.query);
  if (!tsquery || listable.length === 0) return { items: [] };
  const limit = input.limit ?? 25;
  const slugById = new Map(listable.map((candidate) => [candidate.id, candidate.slug]));
  // Each hit must also be in its type's row scope. The ranked hits are read in chunks and
  // filtered in SQL until the page is full, so a page is never cut short while matches remain.
  const visible: Prisma.EntityWhereInput = {
    // AND, not a spread: a scope rule on entityTypeId must not replace the type condition.
    OR: listable.map((candidate) => ({
      AND: [{ entityTypeId: candidate.id }, policy.scope(candidate.slug, "list")],
    })),
  };
  const vector = searchVector(listable, (slug) => policy.masks(slug).map((mask) => mask.fieldPath));
  const chunk = Math.max(limit * 2, 50);
  const items: (EntityRecord & { rank: number })[] = [];
  for (let offset = 0; items.length < limit; offset += chunk) {
    const hits = await ctx.db.$queryRaw<{ id: string; rank: number }[]>`
      SELECT e."id", ts_rank(${vector}, q) AS rank
      FROM "entities" e, to_tsquery('simple', ${tsquery}) q
      WHERE e."organizationId" = ${ctx.actor.orgId}
        AND e."deletedAt" IS NULL
        AND ${vector} @@ q
        AND e."entityTypeId" IN (${Prisma.join([...slugById.keys()])})
      ORDER BY rank DESC, e."updatedAt" DESC, e."id"
      LIMIT ${chunk} OFFSET ${offset}`;
    if (hits.length === 0) break;
    const rows = await ctx.db.entity.findMany({
      where: { AND: [{ id: { in: hits.map((hit) => hit.id) } }, visible] },
      select: entitySelect,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const hit of hits) {
      const row = byId.get(hit.id);
      if (row && items.length < limit) {
        items.push({
          ...policy.mask(slugById.get(row.entityTypeId)!, row),
          rank: Number(hit.rank),
        });
      }
    }
    if (hits.length < chunk) break;
  }
  return { items };
}

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
  if (cases.length === 0) return Prisma.sql`e."searchVector"`;
  return Prisma.sql`(CASE ${Prisma.join(cases, " ")} ELSE e."searchVector" END)`;
}
