import type { Job } from "@/generated/prisma/client";
import { systemActor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { DEFAULT_TIMEOUT_MS, JOB_LIMITS, type Clock } from "@/server/jobs/limits";
import { PermanentJobError, type JobResult, type JobTypeDefinition } from "@/server/jobs/types";

// The handler's part of an attempt: the payload read by the type's schema, the handler run
// with a timeout and an abort signal, and how it ended. Writing that ending is finish.ts's.

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

/** Runs the handler of a started (running) job; never throws. */
export async function executeAttempt(
  db: Db,
  job: Job,
  type: JobTypeDefinition,
  options: { clock: Clock; signal?: AbortSignal },
): Promise<AttemptEnding> {
  const timeoutMs = type.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout.signal])
    : timeout.signal;
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
    return { result: await Promise.race([run, timedOut]) };
  } catch (error) {
    return { error: errorText(error), permanent: error instanceof PermanentJobError };
  } finally {
    clearTimeout(timer);
  }
}
