import type { DbClient } from "@/server/db/client";
import { Prisma } from "@/generated/prisma/client";
import {
  isEntitySortField,
  SORT_FIELD_RULE,
  type EntitySortField,
  type SortDirection,
} from "@/lib/entity-sort";
import { badRequest } from "@/server/errors";
import { cursorNotInList } from "@/server/services/paging";
import { entityWhereSql } from "@/server/services/entity-where-sql";

// A page of entities ordered by a value in their data. Prisma 7 cannot order by a JSON path
// (prisma/orm#10346), so the page is one `$queryRaw` whose WHERE is the list's Prisma where
// compiled by entity-where-sql.ts: every filter and the scope still apply before the page is cut.
// Order: PostgreSQL's jsonb order of `data #> path` (so JSON null is a value, lowest of all),
// records without the field last in both directions, ties by id in the same direction. Pages are
// keyset pages after the cursor record's (value, id), so concatenated they are the whole list.

/** The JSON path of a data sort field; null for the time columns, which Prisma sorts itself. */
export function dataSortPath(field: EntitySortField): string[] | null {
  if (field === "createdAt" || field === "updatedAt") return null;
  // The router checks this already; services are called by agent tools and jobs too.
  if (!isEntitySortField(field)) throw badRequest(`Sort by ${SORT_FIELD_RULE}`, "sort.field");
  return field.split(".").slice(1);
}

export type DataSortPage = {
  /** The list's where (type, status, filters, scope). */
  where: Prisma.EntityWhereInput;
  /** Where a cursor record may be: the actor's scope of the type, whatever its data now. */
  cursorWhere: Prisma.EntityWhereInput;
  path: string[];
  direction: SortDirection;
  limit: number;
  cursor?: string;
};

/** The ids of the page (one more than `limit` when more follow), in order. */
export async function pageIdsByDataField(db: DbClient, page: DataSortPage): Promise<string[]> {
  const value = Prisma.sql`(e."data" #> ARRAY[${Prisma.join(page.path)}]::text[])`;
  const after = page.cursor ? await afterCursor(db, value, page, page.cursor) : Prisma.sql`TRUE`;
  const direction = Prisma.raw(page.direction === "asc" ? "ASC" : "DESC");
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "entities" AS e
    WHERE ${entityWhereSql(page.where)} AND ${after}
    ORDER BY ${value} ${direction} NULLS LAST, e."id" ${direction}
    LIMIT ${page.limit + 1}`;
  return rows.map((row) => row.id);
}

/**
 * The rows that come after the cursor record. Its value is read as jsonb text (exact, unlike a
 * round trip through a JS number), and only within the actor's scope: a cursor naming any other
 * record would place the page by a value the actor may not read.
 */
async function afterCursor(
  db: DbClient,
  value: Prisma.Sql,
  page: DataSortPage,
  cursor: string,
): Promise<Prisma.Sql> {
  const [row] = await db.$queryRaw<{ value: string | null }[]>`
    SELECT ${value}::text AS "value" FROM "entities" AS e
    WHERE e."id" = ${cursor} AND ${entityWhereSql(page.cursorWhere)}`;
  if (!row) throw cursorNotInList();
  const beyond = Prisma.raw(page.direction === "asc" ? ">" : "<");
  const id = Prisma.sql`e."id" ${beyond} ${cursor}`;
  // Records without the field come last: after one of them, only they (by id) remain.
  if (row.value === null) return Prisma.sql`(${value} IS NULL AND ${id})`;
  const at = Prisma.sql`${row.value}::jsonb`;
  return Prisma.sql`(${value} ${beyond} ${at} OR (${value} = ${at} AND ${id}) OR ${value} IS NULL)`;
}
