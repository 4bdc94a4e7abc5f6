import { Prisma } from "@/generated/prisma/client";
import { assertCan, mask } from "@/server/policy";
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
  assertCan(ctx.actor, type?.slug ?? "*", "list");
  const tsquery = toPrefixTsQuery(input.query);
  if (!tsquery) return { items: [] };
  const limit = input.limit ?? 25;
  const hits = await ctx.db.$queryRaw<{ id: string; rank: number }[]>`
    SELECT e."id", ts_rank(e."searchVector", q) AS rank
    FROM "entities" e, to_tsquery('simple', ${tsquery}) q
    WHERE e."organizationId" = ${ctx.actor.orgId}
      AND e."deletedAt" IS NULL
      AND e."searchVector" @@ q
      ${type ? Prisma.sql`AND e."entityTypeId" = ${type.id}` : Prisma.empty}
    ORDER BY rank DESC, e."updatedAt" DESC, e."id"
    LIMIT ${limit}`;
  if (hits.length === 0) return { items: [] };
  const rows = await ctx.db.entity.findMany({
    where: { id: { in: hits.map((hit) => hit.id) } },
    select: { ...entitySelect, entityType: { select: { slug: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    items: hits.flatMap((hit) => {
      const row = byId.get(hit.id);
      if (!row) return [];
      const { entityType, ...record } = row;
      return [{ ...mask(ctx.actor, entityType.slug, record), rank: Number(hit.rank) }];
    }),
  };
}
