import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { Prisma, type ExecutionStatus } from "@/generated/prisma/client";
import { notFound } from "@/server/errors";
import { findOwnAgent } from "@/server/services/agents";
import type { ServiceContext } from "@/server/services/context";
import { assertCursorInList } from "@/server/services/paging";
import { findOwnThread } from "@/server/services/threads";
import { sweepAbandonedTurns } from "@/server/services/turns";
import type { executionStatsInput, listExecutionsInput } from "@/server/routers/executions.schemas";

// The turns of an organization's agents (`executions`; docs/agents.md), read-only here: the
// runtime writes them (server/services/turns.ts). Every read first ends the turns whose process
// died (`timeout`), so nobody sees a turn running for ever. Filters run in SQL before the page
// is cut (the original filtered after taking); statistics are SQL aggregates. An agent or thread
// of another organization passed as a filter is "not found". `totalTokens` is input + output
// (cache reads and writes are reported beside it).

const executionSelect = {
  id: true,
  agentId: true,
  threadId: true,
  configId: true,
  environment: true,
  model: true,
  status: true,
  stopReason: true,
  inputTokens: true,
  outputTokens: true,
  cacheReadTokens: true,
  cacheWriteTokens: true,
  toolCallCount: true,
  durationMs: true,
  errorMessage: true,
  createdAt: true,
  endedAt: true,
} as const;

type ExecutionRow = Prisma.ExecutionGetPayload<{ select: typeof executionSelect }>;

const toItem = (row: ExecutionRow) => ({ ...row, totalTokens: row.inputTokens + row.outputTokens });

/** What executions.list validates. */
export type ListExecutionsInput = z.output<typeof listExecutionsInput>;

/** Filter ids must name the organization's records (a deleted agent's turns stay readable). */
async function checkFilters(
  db: DbClient,
  orgId: string,
  input: { agentId?: string; threadId?: string },
) {
  if (input.agentId) await findOwnAgent(db, orgId, input.agentId, { includeDeleted: true });
  if (input.threadId) await findOwnThread(db, orgId, input.threadId);
}

/** Newest first. */
export async function listExecutions(ctx: ServiceContext, input: ListExecutionsInput = {}) {
  const orgId = ctx.actor.orgId;
  const limit = input.limit ?? 50;
  await checkFilters(ctx.db, orgId, input);
  await sweepAbandonedTurns(ctx.db, orgId);
  const where: Prisma.ExecutionWhereInput = {
    organizationId: orgId,
    ...(input.agentId !== undefined && { agentId: input.agentId }),
    ...(input.threadId !== undefined && { threadId: input.threadId }),
    ...(input.status !== undefined && { status: input.status }),
    ...(input.environment !== undefined && { environment: input.environment }),
    ...(input.since !== undefined && { createdAt: { gte: input.since } }),
  };
  if (input.cursor) {
    await assertCursorInList(
      ctx.db.execution.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }),
    );
  }
  const rows = await ctx.db.execution.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: executionSelect,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** One turn with its trace (its stream parts are the runtime's, not shown here). */
export async function getExecution(ctx: ServiceContext, input: { id: string }) {
  const orgId = ctx.actor.orgId;
  await sweepAbandonedTurns(ctx.db, orgId, { id: input.id });
  const row = await ctx.db.execution.findFirst({
    where: { id: input.id, organizationId: orgId },
    select: { ...executionSelect, trace: true },
  });
  if (!row) throw notFound("Execution");
  const { trace, ...rest } = row;
  return { ...toItem(rest), trace: Array.isArray(trace) ? trace : [] };
}

/** The latest turns (default 10). */
export async function getRecentExecutions(
  ctx: ServiceContext,
  input: { agentId?: string; limit?: number } = {},
) {
  const page = await listExecutions(ctx, { agentId: input.agentId, limit: input.limit ?? 10 });
  return page.items;
}

/** What executions.getStats validates. */
export type ExecutionStatsInput = z.output<typeof executionStatsInput>;

type Totals = {
  total: number;
  successful: number;
  failed: number;
  timeouts: number;
  cancelled: number;
  running: number;
  totalInputTokens: number;
  totalOutputTokens: number;
  totalCacheReadTokens: number;
  totalCacheWriteTokens: number;
  totalDurationMs: number;
};

type DayRow = {
  day: string;
  turns: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
};

/**
 * Counts, token sums and averages over the turns created in [since, until), and the same per
 * UTC day (only days with turns, oldest first). `failed` and a day's `errors` are turns that
 * ended `error`; averages are over every turn counted in `total` (0 when there is none).
 */
export async function getExecutionStats(ctx: ServiceContext, input: ExecutionStatsInput = {}) {
  const orgId = ctx.actor.orgId;
  await checkFilters(ctx.db, orgId, input);
  await sweepAbandonedTurns(ctx.db, orgId);
  const conditions = [
    Prisma.sql`"organizationId" = ${orgId}`,
    ...(input.agentId ? [Prisma.sql`"agentId" = ${input.agentId}`] : []),
    ...(input.since ? [Prisma.sql`"createdAt" >= ${input.since.toISOString()}::timestamptz`] : []),
    ...(input.until ? [Prisma.sql`"createdAt" < ${input.until.toISOString()}::timestamptz`] : []),
  ];
  const where = Prisma.join(conditions, " AND ");
  const count = (status: ExecutionStatus) =>
    Prisma.sql`(COUNT(*) FILTER (WHERE "status" = ${status}::"ExecutionStatus"))::int`;
  const sum = (column: string) =>
    Prisma.sql`COALESCE(SUM(${Prisma.raw(`"${column}"`)}), 0)::float8`;
  const [totals] = await ctx.db.$queryRaw<Totals[]>`
    SELECT COUNT(*)::int AS "total",
      ${count("success")} AS "successful",
      ${count("error")} AS "failed",
      ${count("timeout")} AS "timeouts",
      ${count("cancelled")} AS "cancelled",
      ${count("running")} AS "running",
      ${sum("inputTokens")} AS "totalInputTokens",
      ${sum("outputTokens")} AS "totalOutputTokens",
      ${sum("cacheReadTokens")} AS "totalCacheReadTokens",
      ${sum("cacheWriteTokens")} AS "totalCacheWriteTokens",
      ${sum("durationMs")} AS "totalDurationMs"
    FROM "executions" WHERE ${where}`;
  const byDay = await ctx.db.$queryRaw<DayRow[]>`
    SELECT to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "day",
      COUNT(*)::int AS "turns",
      ${count("error")} AS "errors",
      ${sum("inputTokens")} AS "inputTokens",
      ${sum("outputTokens")} AS "outputTokens"
    FROM "executions" WHERE ${where}
    GROUP BY 1 ORDER BY 1`;
  const { totalDurationMs, ...counts } = totals!;
  const average = (value: number) => (counts.total === 0 ? 0 : value / counts.total);
  return {
    ...counts,
    successRate: counts.total === 0 ? 0 : (counts.successful / counts.total) * 100,
    totalTokens: counts.totalInputTokens + counts.totalOutputTokens,
    averageDurationMs: average(totalDurationMs),
    averageInputTokens: average(counts.totalInputTokens),
    averageOutputTokens: average(counts.totalOutputTokens),
    byDay,
  };
}
