import { Prisma, type Job, type JobStatus } from "@/generated/prisma/client";
import { systemActor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { newId } from "@/server/db/errors";
import { errorText, type AttemptEnding } from "@/server/jobs/attempt";
import { retryDelayMs } from "@/server/jobs/backoff";
import type { Clock } from "@/server/jobs/limits";
import { recordEvent } from "@/server/services/events";

// Writing how attempts ended (docs/jobs.md): completed, failed (due again after the backoff) or
// dead, each with its event. One statement writes a batch: an UPDATE guarded by the claim and
// the running status, and an INSERT of the events of exactly the rows it updated, so a job that
// was cancelled or reclaimed meanwhile gets neither a change nor an event.

/** How an attempt ended once written; `skipped` when the job was no longer this worker's. */
export type AttemptOutcome =
  | { status: "completed" | "dead" | "skipped"; job?: Job }
  | { status: "failed"; retryAt: Date; job?: Job };

type Row = {
  job: Job;
  status: JobStatus;
  result: string | null;
  errorMessage: string | null;
  scheduledFor: Date | null;
  completedAt: Date | null;
  eventType: string;
  payload: Record<string, unknown>;
};

const at = (time: Date | null) => Prisma.sql`${time?.toISOString() ?? null}::timestamptz`;

function decide(job: Job, ending: AttemptEnding, now: Date): Row {
  const base = { job, result: null, errorMessage: null, scheduledFor: null, completedAt: now };
  const payload = { jobId: job.id, jobType: job.jobType, attempt: job.attempts };
  if ("result" in ending) {
    let result: string;
    try {
      result = JSON.stringify(ending.result ?? {});
    } catch (error) {
      return decide(
        job,
        { error: `Result is not JSON: ${errorText(error)}`, permanent: true },
        now,
      );
    }
    return { ...base, status: "completed", result, eventType: "job.completed", payload };
  }
  const { error } = ending;
  if (ending.permanent || job.attempts >= job.maxAttempts) {
    return {
      ...base,
      status: "dead",
      errorMessage: error,
      eventType: "job.dead",
      payload: { ...payload, error },
    };
  }
  const retryAt = new Date(now.getTime() + retryDelayMs(job.attempts));
  return {
    ...base,
    status: "failed",
    errorMessage: error,
    scheduledFor: retryAt,
    completedAt: null,
    eventType: "job.failed",
    payload: { ...payload, error, retryAt: retryAt.toISOString() },
  };
}

async function write(db: Db, rows: Row[], workerId: string, now: Date): Promise<Set<string>> {
  const values = Prisma.join(
    rows.map(
      (row) => Prisma.sql`(${row.job.id}::text, ${row.status}::text, ${row.result}::jsonb,
        ${row.errorMessage}::text, ${at(row.scheduledFor)}, ${at(row.completedAt)},
        ${row.eventType}::text, ${newId()}::text, ${JSON.stringify(row.payload)}::jsonb)`,
    ),
  );
  const written = await db.$queryRaw<{ jobId: string }[]>`
    WITH input ("id", "status", "result", "errorMessage", "scheduledFor", "completedAt",
                "eventType", "eventId", "payload") AS (VALUES ${values}),
    ended AS (
      UPDATE "jobs" AS job
      SET "status" = input."status"::"JobStatus",
          "result" = input."result",
          "errorMessage" = input."errorMessage",
          "scheduledFor" = COALESCE(input."scheduledFor", job."scheduledFor"),
          "completedAt" = input."completedAt",
          "claimedBy" = NULL, "claimedAt" = NULL, "leaseExpiresAt" = NULL,
          "updatedAt" = ${at(now)}
      FROM input
      WHERE job."id" = input."id" AND job."claimedBy" = ${workerId} AND job."status" = 'running'
      RETURNING job."id", job."organizationId", job."entityId", input."eventType",
                input."eventId", input."payload"
    )
    INSERT INTO "events" ("id", "organizationId", "entityId", "eventType", "actorType",
                          "actorId", "payload")
    SELECT "eventId", "organizationId", "entityId", "eventType", 'system'::"ActorType", NULL, "payload"
    FROM ended
    RETURNING "payload"->>'jobId' AS "jobId"`;
  return new Set(written.map((row) => row.jobId));
}

function outcomeOf(row: Row, written: Set<string>): AttemptOutcome {
  if (!written.has(row.job.id)) return { status: "skipped", job: row.job };
  if (row.status === "failed")
    return { status: "failed", retryAt: row.scheduledFor!, job: row.job };
  return { status: row.status as "completed" | "dead", job: row.job };
}

/** Writes the endings of attempts this worker ran, in one statement. */
export async function finishAttempts(
  db: Db,
  endings: { job: Job; ending: AttemptEnding }[],
  options: { workerId: string; now: Date },
): Promise<AttemptOutcome[]> {
  if (endings.length === 0) return [];
  const rows = endings.map(({ job, ending }) => decide(job, ending, options.now));
  try {
    const written = await write(db, rows, options.workerId, options.now);
    return rows.map((row) => outcomeOf(row, written));
  } catch (error) {
    if (rows.length === 1 && "result" in endings[0]!.ending) {
      // The database refused the result itself (a NUL character in its text): the attempt
      // fails as if it had thrown, instead of staying running until its lease ends.
      const failure = { error: `Result not stored: ${errorText(error)}`, permanent: false };
      return finishAttempts(db, [{ job: endings[0]!.job, ending: failure }], options);
    }
    if (rows.length === 1) throw error;
    // One bad row fails the statement: the others are written one by one.
    return Promise.all(endings.map((one) => finishAttempts(db, [one], options).then(([o]) => o!)));
  }
}

/**
 * Coalesces the endings of attempts that finish close together into one statement: an ending
 * waits for the write in flight, then goes with every other ending that arrived meanwhile.
 */
export function createFinisher(db: Db, options: { workerId: string; clock: Clock }) {
  type Pending = {
    job: Job;
    ending: AttemptEnding;
    resolve: (o: AttemptOutcome) => void;
    reject: (e: unknown) => void;
  };
  let pending: Pending[] = [];
  let flushing = false;

  const flush = async () => {
    flushing = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const outcomes = await finishAttempts(db, batch, {
          workerId: options.workerId,
          now: options.clock(),
        });
        batch.forEach((item, i) => item.resolve(outcomes[i]!));
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushing = false;
  };

  return {
    finish(job: Job, ending: AttemptEnding): Promise<AttemptOutcome> {
      return new Promise((resolve, reject) => {
        pending.push({ job, ending, resolve, reject });
        if (!flushing) setImmediate(() => void (flushing || flush()));
      });
    },
  };
}

/** Dead without an attempt (the type is gone, or the last attempt's worker died in it). */
export async function buryClaimedJob(
  db: Db,
  job: Job,
  error: string,
  options: { workerId: string; now: Date },
): Promise<AttemptOutcome> {
  const { now, workerId } = options;
  return db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: { id: job.id, claimedBy: workerId, status: "claimed" },
      data: {
        status: "dead",
        errorMessage: error,
        completedAt: now,
        claimedBy: null,
        claimedAt: null,
        leaseExpiresAt: null,
        updatedAt: now,
      },
    });
    if (count === 0) return { status: "skipped", job } as const;
    await recordEvent(tx, systemActor(job.organizationId), {
      eventType: "job.dead",
      payload: { jobId: job.id, jobType: job.jobType, attempt: job.attempts, error },
      entityId: job.entityId,
    });
    return { status: "dead", job } as const;
  });
}
