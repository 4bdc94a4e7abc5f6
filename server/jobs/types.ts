import type { z } from "zod";
import type { Job } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";

// The contract between the job state machine (queue.ts), the runners (local runner, Inngest
// functions) and the job types (handlers/). docs/jobs.md describes the states and transitions.

/** A JSON object: what a handler returns, stored in `jobs.result`. */
export type JobResult = { [key: string]: unknown };

/** What a handler runs with. */
export type JobRunContext = {
  db: Db;
  /** The job row as claimed (attempts already counts this attempt). */
  job: Job;
  /** The organization's system actor: jobs act for the organization, not for a person. */
  actor: Actor;
  /** The clock of the runner (injected in tests). */
  now: () => Date;
  /** Aborted when the runner shuts down or the attempt times out. */
  signal: AbortSignal;
};

/** A job type as data: one registry (registry.ts) lists them all. */
export type JobTypeDefinition<S extends z.ZodType = z.ZodType> = {
  id: string;
  /** Shown in the dashboard and to agents (the job.enqueue tool). */
  description: string;
  /** Checked at enqueue (400 naming the field) and again before the handler runs. */
  payload: S;
  defaultPriority: number;
  defaultMaxAttempts: number;
  /** How long one attempt may run before it fails as timed out (default 60 s; below the lease). */
  timeoutMs?: number;
  /** Runs one attempt; a throw fails the attempt (retried with backoff until maxAttempts). */
  handle: (payload: z.output<S>, ctx: JobRunContext) => Promise<JobResult>;
};

/** An error a handler throws when retrying cannot help: the job goes dead at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
