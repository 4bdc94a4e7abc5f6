import { inngest } from "@/inngest/client";
import { getDb } from "@/server/db/client";
import { findLostJobs } from "@/server/jobs/claim";
import { jobEnqueuedEvent } from "@/server/jobs/dispatch";
import { JOB_LIMITS } from "@/server/jobs/limits";
import { runJobById, type RunByIdOutcome } from "@/server/jobs/run";
import { enqueueHourlyCleanup } from "@/server/jobs/schedules";

// Thin Inngest functions over the job state machine (docs/jobs.md): Inngest decides when a job's
// attempt runs; server/jobs decides everything else, exactly as for the local runner.

/** Attempts of one organization's jobs at once. */
const PER_ORGANIZATION_CONCURRENCY = 10;
/** A sweep looks at this many lost jobs per minute. */
const SWEEP_BATCH = 500;
/** A due job without a run this long is taken for lost. */
const LOST_AFTER_MS = 60_000;

/**
 * One job: wait until it is due, run an attempt, and after a failed one wait for the backoff and
 * run the next, up to the job's attempts. The job's row, not Inngest, keeps the count: a run
 * that finds the job done or held by another worker ends.
 */
export const runJob = inngest.createFunction(
  {
    id: "run-job",
    triggers: [{ event: "jobs/enqueued" }],
    concurrency: { key: "event.data.organizationId", limit: PER_ORGANIZATION_CONCURRENCY },
    // Job priority (−100..100) as seconds ahead of other runs queued at the same time.
    priority: { run: "event.data.priority" },
    // Inngest retries a step that threw (the database unreachable); a handler's failure is an
    // outcome, not a throw, and is retried by the loop below on the job's own backoff.
    retries: 3,
  },
  async ({ event, step, runId }) => {
    const { jobId, scheduledFor } = event.data as { jobId: string; scheduledFor?: string };
    if (scheduledFor) await step.sleepUntil("wait-until-scheduled", scheduledFor);
    const attempt = (n: number) =>
      step.run(`attempt-${n}`, () =>
        runJobById(getDb(), jobId, { workerId: `inngest-${runId}-${n}` }),
      );
    let outcome: RunByIdOutcome = await attempt(1);
    // Bounded: a job never has more attempts than its maxAttempts (at most the global bound).
    const bound = Math.min(outcome.maxAttempts ?? 1, JOB_LIMITS.maxAttempts.max) + 1;
    for (let n = 2; outcome.retryAt && n <= bound; n++) {
      await step.sleepUntil(`wait-${n}`, outcome.retryAt);
      outcome = await attempt(n);
    }
    return outcome;
  },
);

/** Every hour, each organization's cleanup.expired (once per hour, whatever fires twice). */
export const cleanupExpiredHourly = inngest.createFunction(
  { id: "cleanup-expired-hourly", triggers: [{ cron: "0 * * * *" }] },
  async ({ step }) =>
    step.run("enqueue-cleanup", async () => ({
      enqueued: await enqueueHourlyCleanup(getDb(), new Date()),
    })),
);

/** Every minute, the events of jobs whose event or run was lost are sent again. */
export const sweepDueJobs = inngest.createFunction(
  { id: "sweep-due-jobs", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const lost = await step.run("find-lost-jobs", async () => {
      const now = new Date();
      const jobs = await findLostJobs(getDb(), {
        now,
        olderThanMs: LOST_AFTER_MS,
        limit: SWEEP_BATCH,
      });
      // One resend per job state per ten minutes: Inngest drops repeated event ids, so a job
      // still waiting in a busy queue is not given a new run every minute.
      const window = Math.floor(now.getTime() / 600_000);
      return jobs.map((job) => jobEnqueuedEvent(job, now, `-sweep-${window}`));
    });
    if (lost.length > 0) await step.sendEvent("resend-lost-jobs", lost);
    return { resent: lost.length };
  },
);

export const functions = [runJob, cleanupExpiredHourly, sweepDueJobs];
