import type { z } from "zod";
import { Prisma, type JobStatus } from "@/generated/prisma/client";
import { notFound } from "@/server/errors";
import type { ServiceContext, WithDefaults } from "@/server/services/context";
import { assertCursorInList } from "@/server/services/paging";
import {
  JOB_STATUSES,
  OUTCOME_DAYS,
  type jobOutcomesInput,
  type listJobsInput,
} from "@/server/routers/jobs.schemas";

// Reading an organization's jobs (docs/jobs.md): the list, one job, counts per status and the
// outcomes per day for the dashboard's chart. Changes go through the queue (server/jobs/queue.ts).
// Any member reads them, payloads and results included. Filters and the cursor run in SQL before
// the page is cut; a job of another organization is "not found".

export const jobSelect = {
  id: true,
  jobType: true,
  status: true,
  priority: true,
  payload: true,
  result: true,
  errorMessage: true,
  attempts: true,
  maxAttempts: true,
  scheduledFor: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
  updatedAt: true,
  entityId: true,
  actorContext: true,
  entity: { select: { deletedAt: true, entityType: { select: { slug: true } } } },
} as const;

type JobRow = Prisma.JobGetPayload<{ select: typeof jobSelect }>;

/** `{actorType, actorId}` from the stored actor context, or null when it has none. */
export function enqueuedBy(actorContext: Prisma.JsonValue) {
  if (typeof actorContext !== "object" || actorContext === null || Array.isArray(actorContext)) {
    return null;
  }
  const { actorType, actorId } = actorContext;
  if (typeof actorType !== "string") return null;
  return { actorType, actorId: typeof actorId === "string" ? actorId : null };
}

function toItem(row: JobRow) {
  const { entity, actorContext, ...job } = row;
  return {
    ...job,
    entityTypeSlug: entity && entity.deletedAt === null ? entity.entityType.slug : null,
    enqueuedBy: enqueuedBy(actorContext),
  };
}

export type JobItem = ReturnType<typeof toItem>;

/** What jobs.list validates; `limit` defaults to 50 here too. */
export type ListJobsInput = WithDefaults<z.output<typeof listJobsInput>, "limit">;

/** Newest first. */
export async function listJobs(ctx: ServiceContext, input: ListJobsInput = {}) {
  const limit = input.limit ?? 50;
  const where: Prisma.JobWhereInput = {
    organizationId: ctx.actor.orgId,
    ...(input.status !== undefined && { status: input.status }),
    ...(input.jobType !== undefined && { jobType: input.jobType }),
    ...(input.entityId !== undefined && { entityId: input.entityId }),
  };
  if (input.cursor) {
    await assertCursorInList(
      ctx.db.job.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }),
    );
  }
  const rows = await ctx.db.job.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: jobSelect,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

async function findJob(ctx: ServiceContext, id: string) {
  const row = await ctx.db.job.findFirst({
    where: { id, organizationId: ctx.actor.orgId },
    select: jobSelect,
  });
  return row ? toItem(row) : null;
}

export async function getJob(ctx: ServiceContext, input: { id: string }) {
  const job = await findJob(ctx, input.id);
  if (!job) throw notFound("Job");
  return job;
}

/** How many of the organization's jobs are in each status (every status listed, 0 included). */
export async function getJobStats(ctx: ServiceContext) {
  const groups = await ctx.db.job.groupBy({
    by: ["status"],
    where: { organizationId: ctx.actor.orgId },
    _count: { _all: true },
  });
  const byStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<
    JobStatus,
    number
  >;
  for (const group of groups) byStatus[group.status] = group._count._all;
  const total = Object.values(byStatus).reduce((sum, value) => sum + value, 0);
  return { total, byStatus };
}

/** What jobs.getOutcomes validates. */
export type JobOutcomesInput = z.output<typeof jobOutcomesInput>;

export type JobOutcomeDay = {
  day: string;
  completed: number;
  failedAttempts: number;
  dead: number;
};

/**
 * The events the chart counts (server/jobs/run.ts and queue.ts write them): a job finishing, an
 * attempt failing with a retry ahead, a job going dead (its last attempt failed, it failed
 * permanently, or it was cancelled).
 */
export const OUTCOME_EVENTS = {
  completed: ["job.completed"],
  failedAttempts: ["job.failed"],
  dead: ["job.dead", "job.cancelled"],
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Per UTC day, the last `days` days up to today (oldest first, every day listed, 0 included):
 * the jobs that completed, the attempts that failed and were retried (a job retried twice counts
 * two; its last failing attempt makes it dead instead) and the jobs that went dead. Counted from the audit log, which
 * keeps every transition, in one query on its (organization, event type, time) index.
 */
export async function getJobOutcomes(
  ctx: ServiceContext,
  input: JobOutcomesInput = {},
  now: Date = new Date(),
): Promise<JobOutcomeDay[]> {
  const days = input.days ?? OUTCOME_DAYS.fallback;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const count = (eventTypes: readonly string[]) =>
    Prisma.sql`(COUNT(*) FILTER (WHERE "eventType" IN (${Prisma.join(eventTypes)})))::int`;
  const rows = await ctx.db.$queryRaw<JobOutcomeDay[]>`
    SELECT to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "day",
      ${count(OUTCOME_EVENTS.completed)} AS "completed",
      ${count(OUTCOME_EVENTS.failedAttempts)} AS "failedAttempts",
      ${count(OUTCOME_EVENTS.dead)} AS "dead"
    FROM "events"
    WHERE "organizationId" = ${ctx.actor.orgId}
      AND "eventType" IN (${Prisma.join(Object.values(OUTCOME_EVENTS).flat())})
      AND "timestamp" >= ${since.toISOString()}::timestamptz
    GROUP BY 1`;
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return Array.from({ length: days }, (_, index) => {
    const day = dayKey(new Date(since.getTime() + index * DAY_MS));
    return byDay.get(day) ?? { day, completed: 0, failedAttempts: 0, dead: 0 };
  });
}

export type Enqueuer = { actorType: string; actorId: string | null };

/**
 * A job of the organization enqueued by one of `enqueuers` (as events name actors), else
 * "Job not found", exactly as for a job that does not exist: the job.status tool's lookup.
 */
export async function getJobEnqueuedBy(
  ctx: ServiceContext,
  input: { id: string },
  enqueuers: Enqueuer[],
) {
  const job = await findJob(ctx, input.id);
  const by = job?.enqueuedBy;
  const ours =
    by && enqueuers.some((e) => e.actorType === by.actorType && e.actorId === by.actorId);
  if (!job || !ours) throw notFound("Job");
  return job;
}
