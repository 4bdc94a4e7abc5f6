import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { cleanupExpiredHourly, runJob, sweepDueJobs } from "@/inngest/functions";
import { jobEnqueuedEvent } from "@/server/jobs/dispatch";
import { enqueueJob } from "@/server/jobs/queue";
import { CLEANUP_JOB_TYPE, enqueueHourlyCleanup, hourKey } from "@/server/jobs/schedules";
import { jobTypes } from "@/server/jobs/registry";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";
import { jobEvents, systemCtx } from "@/test/jobs";

// The Inngest functions in-process (@inngest/test), over the real database and the real job
// types. The engine does not model retries or sleeps: sleeps are mocked by step id, and a retry
// is a second execution.

const hasType = (id: string) => jobTypes.some((type) => type.id === id);

async function cleanupJob(orgId: string, scheduledFor?: Date) {
  const { job } = await enqueueJob(systemCtx(orgId), {
    jobType: CLEANUP_JOB_TYPE,
    ...(scheduledFor && { scheduledFor }),
  });
  return job;
}

const sleeps = (...ids: string[]) => ids.map((id) => ({ id, handler: () => null }));

describe.runIf(hasType(CLEANUP_JOB_TYPE))("run-job", () => {
  it("waits until the job is scheduled, then runs it through the state machine", async () => {
    const t = await createTenant();
    const job = await cleanupJob(t.org.id);
    const engine = new InngestTestEngine({ function: runJob });
    const { result, ctx } = await engine.execute({
      events: [jobEnqueuedEvent(job)],
      steps: sleeps("wait-until-scheduled"),
    });
    expect(result).toMatchObject({ status: "completed", attempts: 1 });
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith(
      "wait-until-scheduled",
      job.scheduledFor.toISOString(),
    );
    expect(ctx.step.run).toHaveBeenCalledWith("attempt-1", expect.any(Function));
    expect((await testDb().job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe(
      "completed",
    );
    expect((await jobEvents(job.id)).map((e) => e.eventType)).toEqual([
      "job.enqueued",
      "job.completed",
    ]);
  });

  it("a second execution (Inngest's retry, a duplicate event) finds the job done and runs nothing", async () => {
    const t = await createTenant();
    const job = await cleanupJob(t.org.id);
    const engine = new InngestTestEngine({ function: runJob });
    const options = {
      events: [jobEnqueuedEvent(job)] as [ReturnType<typeof jobEnqueuedEvent>],
      steps: sleeps("wait-until-scheduled"),
    };
    await engine.execute(options);
    const { result } = await engine.execute(options);
    expect(result).toMatchObject({ status: "completed", attempts: 1 });
    expect((await jobEvents(job.id)).filter((e) => e.eventType === "job.completed")).toHaveLength(
      1,
    );
  });

  it("after a failed attempt it sleeps until the retry and runs again, bounded by maxAttempts", async () => {
    const t = await createTenant();
    // A cleanup job whose stored payload its type refuses... would go dead at once; instead the
    // attempt step is mocked to report a failure, and the next one runs the real job.
    const job = await cleanupJob(t.org.id);
    const retryAt = new Date(Date.now() - 1_000).toISOString();
    const engine = new InngestTestEngine({ function: runJob });
    const { result, ctx } = await engine.execute({
      events: [jobEnqueuedEvent(job)],
      steps: [
        ...sleeps("wait-until-scheduled", "wait-2"),
        {
          id: "attempt-1",
          handler: () => ({ status: "failed", retryAt, attempts: 1, maxAttempts: 3 }),
        },
      ],
    });
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("wait-2", retryAt);
    expect(result).toMatchObject({ status: "completed" });
  });

  it("stops when the job is held by another worker, or gone", async () => {
    const t = await createTenant();
    const job = await cleanupJob(t.org.id);
    await testDb().job.update({
      where: { id: job.id },
      data: {
        status: "running",
        claimedBy: "elsewhere",
        leaseExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    const engine = new InngestTestEngine({ function: runJob });
    const { result, ctx } = await engine.execute({
      events: [jobEnqueuedEvent(job)],
      steps: sleeps("wait-until-scheduled"),
    });
    expect(result).toMatchObject({ status: "running" });
    expect(ctx.step.run).toHaveBeenCalledTimes(1);
    expect((await testDb().job.findUniqueOrThrow({ where: { id: job.id } })).claimedBy).toBe(
      "elsewhere",
    );
  });
});

describe.runIf(hasType(CLEANUP_JOB_TYPE))("cleanup-expired-hourly", () => {
  it("enqueues one cleanup per organization per hour, however often it fires", async () => {
    const t = await createTenant();
    const key = `${CLEANUP_JOB_TYPE}:${hourKey(new Date())}`;
    const engine = new InngestTestEngine({ function: cleanupExpiredHourly });
    await engine.execute();
    await engine.execute();
    await enqueueHourlyCleanup(testDb(), new Date());
    const jobs = await testDb().job.findMany({
      where: { organizationId: t.org.id, jobType: CLEANUP_JOB_TYPE },
    });
    expect(jobs.map((job) => job.idempotencyKey)).toEqual([key]);
    // Webhook deliveries belong to no organization: one job of the hour cleans them.
    const hour = await testDb().job.findMany({ where: { idempotencyKey: key } });
    expect(
      hour.filter((job) => (job.payload as { global?: boolean }).global === true),
    ).toHaveLength(1);
  });
});

describe("sweep-due-jobs", () => {
  it("sends the events of jobs due for over a minute, and not of those just enqueued", async () => {
    const t = await createTenant();
    const lost = await testDb().job.create({
      // The highest priority, so it is within the sweep's batch whatever else the database holds.
      data: {
        organizationId: t.org.id,
        jobType: "any",
        priority: 100,
        scheduledFor: new Date(Date.now() - 5 * 60_000),
      },
    });
    const fresh = await testDb().job.create({ data: { organizationId: t.org.id, jobType: "any" } });
    const engine = new InngestTestEngine({ function: sweepDueJobs });
    const { ctx } = await engine.execute({
      steps: [{ id: "resend-lost-jobs", handler: () => null }],
    });
    const [, sent] = (
      ctx.step.sendEvent as unknown as {
        mock: { calls: [string, { data: { jobId: string } }[]][] };
      }
    ).mock.calls[0]!;
    const ids = sent.map((event) => event.data.jobId);
    expect(ids).toContain(lost.id);
    expect(ids).not.toContain(fresh.id);
    const event = sent.find((e) => e.data.jobId === lost.id)!;
    expect(event).toMatchObject({
      name: "jobs/enqueued",
      data: { organizationId: t.org.id, priority: 100 },
    });
  });
});
