import { createHash } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { log } from "@/server/log";
import type { Db } from "@/server/db/client";
import { dataPath } from "@/server/policy/rules";

// PostgreSQL keeps no statistics for a path inside `entities.data`, so it guesses a condition
// like `data #> '{grade}' = 3` at 0.5 % of the rows, and an OR of a few such conditions (a
// member's row scope) at a few rows. Believing the scope keeps almost nothing, it then reads
// every record of the type and sorts them rather than walking the (createdAt, id) index until a
// page is full: 1.1 s instead of 2 ms on a type of 333,000 records. Extended statistics on the
// path expression (PostgreSQL 14+) give it the real distribution. They are created when a scope
// rule names a data path, filled by an ANALYZE of the column, and dropped once no rule of any
// organization names the path any more.

/**
 * At most this many path statistics in the database: every one is computed by each ANALYZE of
 * `entities` (autovacuum's included), and paths come from every organization's rules.
 */
export const PATH_STATISTICS_LIMIT = 300;
/**
 * An organization's data paths that may get statistics: the first this many distinct paths its
 * rules have ever named, removed rules included (so removing rules gives no fresh quota, and
 * no one organization can fill the shared limit or keep ANALYZE busy by churning rules).
 */
export const ORGANIZATION_PATHS_LIMIT = 25;

const STATISTICS_PREFIX = "entities_data_";

/** The statistics object of one data path: a stable name, whatever the organization. */
export function pathStatisticsName(field: string): string {
  const path = dataPath(field).join(".");
  return `${STATISTICS_PREFIX}${createHash("sha256").update(path).digest("hex").slice(0, 24)}`;
}

/** A PostgreSQL text-array literal of the path, quoted for inclusion in DDL. */
function pathLiteral(field: string): string {
  // Array elements double-quoted with `"` and `\` escaped; then a standard SQL string literal.
  const elements = dataPath(field).map((segment) => `"${segment.replace(/["\\]/g, "\\$&")}"`);
  return `'${`{${elements.join(",")}}`.replaceAll("'", "''")}'`;
}

type Tx = Prisma.TransactionClient;

/** The path statistics that exist, by name. */
async function existingStatistics(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ name: string }[]>`
    SELECT stxname AS "name" FROM pg_statistic_ext
    WHERE stxrelid = '"entities"'::regclass AND stxname LIKE 'entities\\_data\\_%'`;
  return rows.map((row) => row.name);
}

/**
 * Drops the path statistics that no scope rule of any organization uses any more (rules,
 * policies, roles or organizations removed since). Returns the names that remain.
 */
async function dropUnusedStatistics(tx: Tx): Promise<string[]> {
  const rules = await tx.$queryRaw<{ field: string }[]>`
    SELECT DISTINCT "field" FROM "scopeRules" WHERE "type" = 'field' AND "field" LIKE 'data.%'`;
  const used = new Set(rules.map((rule) => pathStatisticsName(rule.field)));
  const existing = await existingStatistics(tx);
  for (const name of existing.filter((candidate) => !used.has(candidate))) {
    // The name is ours: the prefix and hex digits only.
    await tx.$executeRawUnsafe(`DROP STATISTICS IF EXISTS "${name}"`);
  }
  return existing.filter((name) => used.has(name));
}

/**
 * The organization's data paths as statistics names, in the order its rules first named them:
 * its rules now and, from the audit log, every rule it ever created.
 */
async function organizationPaths(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ field: string }[]>`
    SELECT "field" FROM (
      SELECT "field", "createdAt" AS "at" FROM "scopeRules"
      WHERE "organizationId" = ${orgId} AND "type" = 'field' AND "field" LIKE 'data.%'
      UNION ALL
      SELECT "payload"->>'field', "timestamp" FROM "events"
      WHERE "organizationId" = ${orgId} AND "eventType" = 'scopeRule.created'
        AND "payload"->>'field' LIKE 'data.%'
    ) AS "named"
    GROUP BY "field" ORDER BY min("at"), "field"`;
  return [...new Set(rows.map((row) => pathStatisticsName(row.field)))];
}

export type PathStatisticsOutcome = "exists" | "created" | "limit" | "organization limit";

/**
 * Creates the statistics of `field` (`data.grade`, `data.address.city`) unless they exist, and
 * analyzes `entities.data` when it did. First drops the statistics no rule uses any more, so the
 * shared limit counts live paths only. One creation at a time (an advisory lock), so the counts
 * hold; ANALYZE runs after, outside the transaction: it reads a sample of the table, and neither
 * it nor the DDL takes a lock that blocks reads or writes.
 */
export async function ensurePathStatistics(
  db: Db,
  field: string,
  options: { orgId?: string; limit?: number; orgLimit?: number } = {},
): Promise<PathStatisticsOutcome> {
  const { limit = PATH_STATISTICS_LIMIT, orgLimit = ORGANIZATION_PATHS_LIMIT } = options;
  const name = pathStatisticsName(field);
  const outcome = await db.$transaction(async (tx): Promise<PathStatisticsOutcome> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('entities-path-statistics'))`;
    const existing = await dropUnusedStatistics(tx);
    if (existing.includes(name)) return "exists";
    if (existing.length >= limit) {
      log({ field, limit }).warn("path statistics not created: the limit is reached");
      return "limit";
    }
    if (options.orgId) {
      const paths = await organizationPaths(tx, options.orgId);
      const position = paths.includes(name) ? paths.indexOf(name) : paths.length;
      if (position >= orgLimit) {
        log({ field, orgLimit }).warn(
          "path statistics not created: the organization's rules have named too many paths",
        );
        return "organization limit";
      }
    }
    await tx.$executeRawUnsafe(
      `CREATE STATISTICS IF NOT EXISTS "${name}" ON (("data" #> ${pathLiteral(field)}::text[])) FROM "entities"`,
    );
    return "created";
  });
  if (outcome === "created") await db.$executeRaw(Prisma.sql`ANALYZE "entities" ("data")`);
  return outcome;
}
