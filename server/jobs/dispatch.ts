import type { Job } from "@/generated/prisma/client";
import { configuredJobRunner, localRunners } from "@/server/jobs/runner-mode";
import { log } from "@/server/log";

// Telling the runner that a job is due (docs/jobs.md), after the transaction that made it so has
// committed. Best effort: a lost signal delays a job, never loses it (the local runner polls;
// with Inngest the sweep sends the event again).

type DispatchedJob = Pick<Job, "id" | "organizationId" | "priority" | "scheduledFor" | "updatedAt">;

/**
 * The `jobs/enqueued` event of a job in its current state. The id makes Inngest drop a second
 * send of the same state (its event ids deduplicate): `variant` tells the sweep's resends apart.
 */
export function jobEnqueuedEvent(job: DispatchedJob, now = new Date(), variant = "") {
  const due = job.scheduledFor.getTime() > now.getTime();
  return {
    id: `job-${job.id}-${job.updatedAt.getTime()}${variant}`,
    name: "jobs/enqueued" as const,
    data: {
      jobId: job.id,
      organizationId: job.organizationId,
      priority: job.priority,
      scheduledFor: job.scheduledFor.toISOString(),
    },
    // A future timestamp makes Inngest start the run then.
    ...(due && { ts: job.scheduledFor.getTime() }),
  };
}

export type JobEnqueuedEvent = ReturnType<typeof jobEnqueuedEvent>;

export function wakeLocalRunners(): void {
  for (const wake of localRunners().wakers) wake();
}

export async function dispatchEnqueued(job: DispatchedJob): Promise<void> {
  if (configuredJobRunner() !== "inngest") return wakeLocalRunners();
  try {
    const { inngest } = await import("@/inngest/client");
    await inngest.send(jobEnqueuedEvent(job));
  } catch (error) {
    log({ jobId: job.id, orgId: job.organizationId }).warn(
      { err: error },
      "jobs/enqueued not sent; the sweep sends it again",
    );
  }
}
