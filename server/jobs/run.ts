import { Prisma, type Job } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { executeAttempt } from "@/server/jobs/attempt";
import { claimJobById } from "@/server/jobs/claim";
import { buryClaimedJob, finishAttempts, type AttemptOutcome } from "@/server/jobs/finish";
import { clockOf, DEFAULT_LEASE_MS, type Clock } from "@/server/jobs/limits";
import { getJobType, jobTypes, type JobTypeList } from "@/server/jobs/registry";
import type { JobTypeDefinition } from "@/server/jobs/types";

// One attempt of a claimed job (docs/jobs.md): claimed → running, the handler, then completed,
// failed (retried after the backoff) or dead. Every transition is guarded by the state it
// expects and by the claim (`claimedBy`), so a job cancelled or reclaimed meanwhile is left as
// the other party wrote it: a late finish changes nothing.

export type { AttemptOutcome } from "@/server/jobs/finish";

export type RunOptions = {
  workerId: string;
  now?: Date | Clock;
  types?: JobTypeList;
  /** Aborts the attempt (the runner is stopping); the handler sees it in ctx.signal. */
  signal?: AbortSignal;
  leaseMs?: number;
  /** How often the running attempt looks for a cancel (CANCEL_POLL_MS). */
  cancelPollMs?: number;
};

const at = (time: Date) => Prisma.sql`${time.toISOString()}::timestamptz`;

/**
 * Claimed → running for a batch of this worker's claims, in one statement: attempts counts the
 * attempt, the lease starts again. Returns the jobs that started, as they now are.
 */
export async function startAttempts(
  db: Db,
  jobs: Job[],
  options: { workerId: string; now: Date; leaseMs?: number },
): Promise<Job[]> {
  if (jobs.length === 0) return [];
  const { now, workerId } = options;
  const leaseExpiresAt = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const ids = Prisma.join(jobs.map((job) => job.id));
  const started = await db.$queryRaw<{ id: string }[]>`
    UPDATE "jobs"
    SET "status" = 'running', "startedAt" = ${at(now)}, "attempts" = "attempts" + 1,
        "leaseExpiresAt" = ${at(leaseExpiresAt)}, "updatedAt" = ${at(now)}
    WHERE "id" IN (${ids}) AND "claimedBy" = ${workerId} AND "status" = 'claimed'
    RETURNING "id"`;
  const ok = new Set(started.map((row) => row.id));
  return jobs
    .filter((job) => ok.has(job.id))
    .map((job) => ({
      ...job,
      status: "running",
      startedAt: now,
      attempts: job.attempts + 1,
      leaseExpiresAt,
      updatedAt: now,
    }));
}

/**
 * Why a claimed job cannot have another attempt, or null: its type is gone, or a reclaimed job
 * whose last attempt's worker died in it (that attempt counted; none is left).
 */
export function unrunnable(job: Job, type: JobTypeDefinition | undefined): string | null {
  if (!type) return `Unknown job type "${job.jobType}"`;
  if (job.attempts >= job.maxAttempts) {
    return "The worker of the last attempt stopped before it finished";
  }
  return null;
}

/** Runs one attempt of a job this worker claimed. */
export async function runClaimedJob(
  db: Db,
  job: Job,
  options: RunOptions,
): Promise<AttemptOutcome> {
  const clock = clockOf(options.now);
  const { workerId } = options;
  const type = getJobType(job.jobType, options.types ?? jobTypes);
  const refusal = unrunnable(job, type);
  if (refusal) return buryClaimedJob(db, job, refusal, { workerId, now: clock() });
  const [running] = await startAttempts(db, [job], {
    workerId,
    now: clock(),
    leaseMs: options.leaseMs,
  });
  if (!running) return { status: "skipped", job };
  const ending = await executeAttempt(db, running, type!, {
    clock,
    signal: options.signal,
    cancelPollMs: options.cancelPollMs,
  });
  const [outcome] = await finishAttempts(db, [{ job: running, ending }], {
    workerId,
    now: clock(),
  });
  return outcome!;
}

/** What `runJobById` reports to the Inngest function (JSON: it is a step's output). */
export type RunByIdOutcome = {
  status: Job["status"] | "skipped" | "missing";
  /** When to look again: the next attempt, or the time a not yet due job becomes due. */
  retryAt?: string;
  attempts?: number;
  maxAttempts?: number;
};

/**
 * Runs one job by id if it is due (Inngest: one event per job). A job that is not due says when
 * it will be; one held by a live claim is left to its worker.
 */
export async function runJobById(
  db: Db,
  jobId: string,
  options: RunOptions,
): Promise<RunByIdOutcome> {
  const clock = clockOf(options.now);
  const claimed = await claimJobById(db, jobId, {
    workerId: options.workerId,
    now: clock(),
    leaseMs: options.leaseMs,
  });
  if (claimed) {
    const outcome = await runClaimedJob(db, claimed, options);
    const { attempts, maxAttempts } = outcome.job ?? claimed;
    if (outcome.status === "failed") {
      return { status: "failed", retryAt: outcome.retryAt.toISOString(), attempts, maxAttempts };
    }
    return { status: outcome.status, attempts, maxAttempts };
  }
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job) return { status: "missing" };
  const { status, attempts, maxAttempts } = job;
  const waiting = status === "pending" || status === "failed";
  return waiting
    ? { status, retryAt: job.scheduledFor.toISOString(), attempts, maxAttempts }
    : { status, attempts, maxAttempts };
}
