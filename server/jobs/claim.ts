import { Prisma, type Job } from "@/generated/prisma/client";
import type { DbClient } from "@/server/db/client";
import { DEFAULT_LEASE_MS } from "@/server/jobs/limits";

// Claiming due jobs (docs/jobs.md). One statement picks the due rows, highest priority first,
// and takes them: `FOR UPDATE SKIP LOCKED` lets runners on other connections pass over rows
// another runner is claiming at that instant instead of waiting for it. (PGlite is one connection, so
// its statements never overlap; the same SQL runs there.)

const at = (time: Date) => Prisma.sql`${time.toISOString()}::timestamptz`;

type ClaimOptions = {
  workerId: string;
  limit: number;
  now: Date;
  leaseMs?: number;
  /** Only these job types (a runner claims what it can run). */
  jobTypes?: readonly string[];
  /** Only this job (Inngest runs one job per event). */
  jobId?: string;
};

function byRunOrder(a: Job, b: Job): number {
  return b.priority - a.priority || a.scheduledFor.getTime() - b.scheduledFor.getTime();
}

/**
 * Two kinds of due rows, each read through its partial index (migration jobs_runner): pending
 * or failed whose time has come, in run order; claimed or running whose lease passed (the
 * worker holding it stopped). The best `limit` of both are taken.
 */
async function claim(db: DbClient, options: ClaimOptions): Promise<Job[]> {
  const { workerId, limit, now, leaseMs = DEFAULT_LEASE_MS, jobTypes, jobId } = options;
  if (limit <= 0 || jobTypes?.length === 0) return [];
  const filters = Prisma.join(
    [
      Prisma.sql`TRUE`,
      ...(jobTypes ? [Prisma.sql`"jobType" IN (${Prisma.join(jobTypes)})`] : []),
      ...(jobId ? [Prisma.sql`"id" = ${jobId}`] : []),
    ],
    " AND ",
  );
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<Job[]>`
    WITH due AS (
      SELECT "id", "priority", "scheduledFor" FROM "jobs"
      WHERE "status" IN ('pending', 'failed') AND "scheduledFor" <= ${at(now)} AND ${filters}
      ORDER BY "priority" DESC, "scheduledFor" ASC
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), expired AS (
      SELECT "id", "priority", "scheduledFor" FROM "jobs"
      WHERE "status" IN ('claimed', 'running') AND "leaseExpiresAt" < ${at(now)} AND ${filters}
      ORDER BY "priority" DESC, "scheduledFor" ASC
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), picked AS (
      SELECT "id" FROM (SELECT * FROM due UNION ALL SELECT * FROM expired) AS candidates
      ORDER BY "priority" DESC, "scheduledFor" ASC
      LIMIT ${limit}
    )
    UPDATE "jobs" AS job
    SET "status" = 'claimed', "claimedBy" = ${workerId}, "claimedAt" = ${at(now)},
        "leaseExpiresAt" = ${at(leaseExpiresAt)}, "updatedAt" = ${at(now)}
    FROM picked
    WHERE job."id" = picked."id"
    RETURNING job.*`;
  // RETURNING keeps no order: the runner starts them highest priority first.
  return rows.sort(byRunOrder);
}

/** Claims up to `limit` due jobs for `workerId`, highest priority first, then oldest due. */
export function claimDueJobs(db: DbClient, options: Omit<ClaimOptions, "jobId">): Promise<Job[]> {
  return claim(db, options);
}

/** Claims one job by id if it is due; null when it is not (not due, or held by a live claim). */
export async function claimJobById(
  db: DbClient,
  jobId: string,
  options: Omit<ClaimOptions, "jobId" | "limit">,
): Promise<Job | null> {
  const [job] = await claim(db, { ...options, jobId, limit: 1 });
  return job ?? null;
}

/**
 * Graceful shutdown: the worker's claims it has not started go back to pending at once, instead
 * of waiting out their lease. Returns how many.
 */
export async function releaseClaims(db: DbClient, workerId: string): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { claimedBy: workerId, status: "claimed" },
    data: { status: "pending", claimedBy: null, claimedAt: null, leaseExpiresAt: null },
  });
  return count;
}

/**
 * Jobs whose run was lost: due for longer than `olderThanMs` (their event never arrived, or the
 * run stopped), or holding a lease that passed. The Inngest sweep sends their events again.
 */
export function findLostJobs(
  db: DbClient,
  options: { now: Date; olderThanMs: number; limit: number },
): Promise<Pick<Job, "id" | "organizationId" | "priority" | "scheduledFor" | "updatedAt">[]> {
  const dueBefore = new Date(options.now.getTime() - options.olderThanMs);
  return db.job.findMany({
    where: {
      OR: [
        { status: { in: ["pending", "failed"] }, scheduledFor: { lte: dueBefore } },
        { status: { in: ["claimed", "running"] }, leaseExpiresAt: { lt: options.now } },
      ],
    },
    orderBy: [{ priority: "desc" }, { scheduledFor: "asc" }],
    take: options.limit,
    select: { id: true, organizationId: true, priority: true, scheduledFor: true, updatedAt: true },
  });
}
