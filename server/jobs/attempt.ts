import type { Job } from "@/generated/prisma/client";
import { systemActor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { CANCEL_POLL_MS, DEFAULT_TIMEOUT_MS, JOB_LIMITS, type Clock } from "@/server/jobs/limits";
import { PermanentJobError, type JobResult, type JobTypeDefinition } from "@/server/jobs/types";

// The handler's part of an attempt: the payload read by the type's schema, the handler run
// with a timeout and an abort signal, and how it ended. Writing that ending is finish.ts's.
// While the handler runs, the job's row is looked at every CANCEL_POLL_MS: once it is no longer
// this attempt's (cancelled, or reclaimed past its lease), the signal aborts and the attempt
// ends at once, whatever the handler does; finish.ts then leaves the row as the other party
// wrote it.

/** How a handler's attempt ended. */
export type AttemptEnding = { result: JobResult } | { error: string; permanent: boolean };

/** A handler's error as stored: its message only (never a stack), bounded. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const max = JOB_LIMITS.errorMessageLength;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text || "Failed";
}

/** The payload as the type's schema reads it; a payload it refuses can never succeed. */
function parsePayload(type: JobTypeDefinition, job: Job): unknown {
  const parsed = type.payload.safeParse(job.payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = ["payload", ...(issue?.path.map(String) ?? [])].join(".");
  throw new PermanentJobError(`Invalid payload: ${path}: ${issue?.message ?? "invalid"}`);
}

function durationText(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1_000)} s`;
}

/** Rejects (and aborts) when the job's row stops being this attempt's; `stop()` ends the watch. */
function watchForCancel(db: Db, job: Job, pollMs: number) {
  const cancelled = new AbortController();
  let lose: (error: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    lose = reject;
  });
  // Nobody may be racing it any more when it rejects.
  lost.catch(() => {});
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    db.job
      .findUnique({ where: { id: job.id }, select: { status: true, claimedBy: true } })
      .then((row) => {
        if (row?.status === "running" && row.claimedBy === job.claimedBy) return;
        // Rejected before the abort, as the timeout is (see executeAttempt).
        lose(new Error("The job was cancelled or claimed by another worker"));
        cancelled.abort();
        clearInterval(timer);
      })
      // A failed look is tried again at the next tick.
      .catch(() => {})
      .finally(() => {
        polling = false;
      });
  }, pollMs);
  timer.unref();
  return { signal: cancelled.signal, lost, stop: () => clearInterval(timer) };
}

/** Runs the handler of a started (running) job; never throws. */
export async function executeAttempt(
  db: Db,
  job: Job,
  type: JobTypeDefinition,
  options: { clock: Clock; signal?: AbortSignal; cancelPollMs?: number },
): Promise<AttemptEnding> {
  const timeoutMs = type.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = new AbortController();
  const watch = watchForCancel(db, job, options.cancelPollMs ?? CANCEL_POLL_MS);
  const signal = AbortSignal.any(
    [options.signal, timeout.signal, watch.signal].filter((s): s is AbortSignal => !!s),
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Rejected before the abort, so the race ends with the timeout, not with whatever the
      // handler throws when it sees the signal.
      reject(new Error(`Timed out after ${durationText(timeoutMs)}`));
      timeout.abort();
    }, timeoutMs);
  });
  try {
    const payload = parsePayload(type, job);
    const actor = systemActor(job.organizationId);
    const run = type.handle(payload, { db, job, actor, now: options.clock, signal });
    return { result: await Promise.race([run, timedOut, watch.lost]) };
  } catch (error) {
    return { error: errorText(error), permanent: error instanceof PermanentJobError };
  } finally {
    clearTimeout(timer);
    watch.stop();
  }
}
