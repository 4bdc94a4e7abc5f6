import { createHash } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { DbClient } from "@/server/services/context";
import { dataPath } from "@/server/policy/rules";

// PostgreSQL keeps no statistics for a path inside `entities.data`, so it guesses a condition
// like `data #> '{grade}' = 3` at 0.5 % of the rows, and an OR of a few such conditions (a
// member's row scope) at a few rows. Believing the scope keeps almost nothing, it then reads
// every record of the type and sorts them rather than walking the (createdAt, id) index until a
// page is full: 1.1 s instead of 2 ms on a type of 333,000 records. Extended statistics on the
// path expression (PostgreSQL 14+) give it the real distribution. They are created when a scope
// rule names a data path, and filled by an ANALYZE of the column.

/**
 * At most this many path statistics in the database: every one is computed by each ANALYZE of
 * `entities` (autovacuum's included), and paths come from every organization's rules.
 */
export const PATH_STATISTICS_LIMIT = 300;
/**
 * A new path gets statistics only while its organization's rules name at most this many data
 * paths, so that no one organization can use up the shared limit (or keep ANALYZE busy).
 */
export const ORGANIZATION_PATHS_LIMIT = 25;

/** The statistics object of one data path: a stable name, whatever the organization. */
export function pathStatisticsName(field: string): string {
  const path = dataPath(field).join(".");
  return `entities_data_${createHash("sha256").update(path).digest("hex").slice(0, 24)}`;
}

/** A PostgreSQL text-array literal of the path, quoted for inclusion in DDL. */
function pathLiteral(field: string): string {
  // Array elements double-quoted with `"` and `\` escaped; then a standard SQL string literal.
  const elements = dataPath(field).map((segment) => `"${segment.replace(/["\\]/g, "\\$&")}"`);
  return `'${`{${elements.join(",")}}`.replaceAll("'", "''")}'`;
}

/**
 * Creates the statistics of `field` (`data.grade`, `data.address.city`) unless they exist, and
 * analyzes `entities.data` when it did. Outside any transaction: ANALYZE reads a sample of the
 * table, and neither takes a lock that blocks reads or writes.
 */
export async function ensurePathStatistics(
  db: DbClient,
  field: string,
  options: { orgId?: string; limit?: number; orgLimit?: number } = {},
): Promise<"exists" | "created" | "limit" | "organization limit"> {
  const { limit = PATH_STATISTICS_LIMIT, orgLimit = ORGANIZATION_PATHS_LIMIT } = options;
  const name = pathStatisticsName(field);
  const [state] = await db.$queryRaw<{ exists: boolean; count: bigint; paths: bigint }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_statistic_ext WHERE stxname = ${name}) AS "exists",
      (SELECT count(*) FROM pg_statistic_ext WHERE stxname LIKE 'entities\_data\_%') AS "count",
      (SELECT count(DISTINCT "field") FROM "scopeRules"
        WHERE "organizationId" = ${options.orgId ?? null} AND "field" LIKE 'data.%') AS "paths"`;
  if (state?.exists) return "exists";
  if (Number(state?.count ?? 0) >= limit) {
    console.warn(`statistics for ${field} not created: ${limit} path statistics exist`);
    return "limit";
  }
  if (options.orgId && Number(state?.paths ?? 0) > orgLimit) {
    console.warn(`statistics for ${field} not created: its organization's rules name too many`);
    return "organization limit";
  }
  await db.$executeRawUnsafe(
    `CREATE STATISTICS IF NOT EXISTS "${name}" ON (("data" #> ${pathLiteral(field)}::text[])) FROM "entities"`,
  );
  await db.$executeRaw(Prisma.sql`ANALYZE "entities" ("data")`);
  return "created";
}
