import { describe, expect, it } from "vitest";
import type { Job } from "@/generated/prisma/client";
import { DEFAULT_LEASE_MS } from "@/server/jobs/limits";
import {
  cancelJob,
  claimDueJobs,
  enqueueJob,
  releaseClaims,
  runClaimedJob,
  runJobById,
  type EnqueueInput,
} from "@/server/jobs/queue";
import type { RunOptions } from "@/server/jobs/run";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";
import { jobEvents, systemCtx, testClock, testJobTypes, userCtx } from "@/test/jobs";

// Claiming and running attempts with an injected clock (docs/jobs.md): completion, failure and
// backoff, death, timeouts, priority order, leases and reclaim, and late finishes that must
// change nothing.

const db = () => testDb();
const MINUTE = 60_000;

async function setup() {
  const t = await createTenant();
  const types = testJobTypes();
  const clock = testClock();
  const options = { types: types.list, now: clock.now };
  const enqueue = async (input: EnqueueInput) =>
    (await enqueueJob(systemCtx(t.org.id), input, options)).job;
  const claim = (workerId: string, limit = 10) =>
    claimDueJobs(db(), { workerId, limit, now: clock.now(), jobTypes: types.ids });
  const run = (job: Job, workerId: string, more: Partial<RunOptions> = {}) =>
    runClaimedJob(db(), job, { workerId, now: clock.now, types: types.list, ...more });
  const stored = (id: string) => db().job.findUniqueOrThrow({ where: { id } });
  return { t, types, clock, options, enqueue, claim, run, stored };
}

describe("an attempt", () => {
  it("pending → claimed → running → completed, with the result and a job.completed event", async () => {
    const { types, clock, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.ok.id, payload: { n: 7 } });
    const [claimed] = await claim("w1");
    expect(claimed).toMatchObject({ id: job.id, status: "claimed", claimedBy: "w1" });
    expect(claimed!.leaseExpiresAt).toEqual(new Date(clock.now().getTime() + DEFAULT_LEASE_MS));
    expect(await claim("w2")).toEqual([]);

    const startedAt = clock.now();
    const outcome = await run(claimed!, "w1");
    expect(outcome.status).toBe("completed");
    const done = await stored(job.id);
    expect(done).toMatchObject({
      status: "completed",
      attempts: 1,
      result: { n: 7, attempt: 1 },
      claimedBy: null,
      leaseExpiresAt: null,
    });
    expect([done.startedAt, done.completedAt]).toEqual([startedAt, startedAt]);
    const events = await jobEvents(job.id);
    expect(events.map((e) => [e.eventType, e.actorType])).toEqual([
      ["job.enqueued", "system"],
      ["job.completed", "system"],
    ]);
    expect(events[1]!.payload).toEqual({ jobId: job.id, jobType: types.ok.id, attempt: 1 });
  });

  it("a failure waits 1 then 2 minutes, and the last attempt goes dead; attempts never pass maxAttempts", async () => {
    const { types, clock, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.failing.id });
    for (const [attempt, delay] of [
      [1, MINUTE],
      [2, 2 * MINUTE],
    ] as const) {
      const [claimed] = await claim("w");
      const outcome = await run(claimed!, "w");
      const failed = await stored(job.id);
      expect(failed).toMatchObject({ status: "failed", attempts: attempt, errorMessage: "boom" });
      expect(outcome).toMatchObject({ status: "failed", retryAt: failed.scheduledFor });
      expect(failed.scheduledFor).toEqual(new Date(clock.now().getTime() + delay));
      clock.advance(delay - 1);
      expect(await claim("w"), "claimable before its backoff passed").toEqual([]);
      clock.advance(1);
    }
    const [last] = await claim("w");
    expect((await run(last!, "w")).status).toBe("dead");
    expect(await stored(job.id)).toMatchObject({
      status: "dead",
      attempts: 3,
      errorMessage: "boom",
    });
    clock.advance(24 * 60 * MINUTE);
    expect(await claim("w")).toEqual([]);
    const events = await jobEvents(job.id);
    expect(events.map((e) => e.eventType)).toEqual([
      "job.enqueued",
      "job.failed",
      "job.failed",
      "job.dead",
    ]);
    expect(events[1]!.payload).toMatchObject({ attempt: 1, error: "boom" });
  });

  it("a PermanentJobError goes dead at once", async () => {
    const { types, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.permanent.id, maxAttempts: 5 });
    await run((await claim("w"))[0]!, "w");
    expect(await stored(job.id)).toMatchObject({
      status: "dead",
      attempts: 1,
      errorMessage: "retrying cannot help",
    });
  });

  it("keeps a bounded error message, and a timeout fails the attempt", async () => {
    const { types, enqueue, claim, run, stored } = await setup();
    const verbose = await enqueue({ jobType: types.verbose.id });
    const slow = await enqueue({ jobType: types.timeout.id });
    for (const job of await claim("w")) await run(job, "w");
    const message = (await stored(verbose.id)).errorMessage!;
    expect(message.length).toBe(2_000);
    expect(message.endsWith("…")).toBe(true);
    expect(await stored(slow.id)).toMatchObject({
      status: "failed",
      errorMessage: "Timed out after 50 ms",
    });
  });

  it("a stored payload its type refuses goes dead without running", async () => {
    const { types, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.ok.id });
    await db().job.update({ where: { id: job.id }, data: { payload: { n: "x" } } });
    await run((await claim("w"))[0]!, "w");
    const dead = await stored(job.id);
    expect(dead.status).toBe("dead");
    expect(dead.errorMessage).toMatch(/^Invalid payload: payload\.n: /);
  });
});

describe("claiming", () => {
  it("takes due jobs highest priority first, then the earliest due; future jobs wait", async () => {
    const { types, clock, enqueue, claim } = await setup();
    const at = (ms: number) => new Date(clock.now().getTime() + ms);
    const low = await enqueue({ jobType: types.ok.id, priority: -5 });
    const mid = await enqueue({ jobType: types.ok.id, priority: 0, scheduledFor: at(-2_000) });
    const highLater = await enqueue({
      jobType: types.ok.id,
      priority: 10,
      scheduledFor: at(-1_000),
    });
    const highEarlier = await enqueue({
      jobType: types.ok.id,
      priority: 10,
      scheduledFor: at(-3_000),
    });
    const future = await enqueue({ jobType: types.ok.id, priority: 100, scheduledFor: at(MINUTE) });
    expect((await claim("w", 2)).map((j) => j.id)).toEqual([highEarlier.id, highLater.id]);
    expect((await claim("w", 10)).map((j) => j.id)).toEqual([mid.id, low.id]);
    clock.advance(MINUTE);
    expect((await claim("w")).map((j) => j.id)).toEqual([future.id]);
  });

  it("releaseClaims puts claims not started back to pending; running ones stay", async () => {
    const { types, enqueue, claim, stored } = await setup();
    const a = await enqueue({ jobType: types.ok.id });
    const b = await enqueue({ jobType: types.ok.id });
    await claim("w-release");
    await db().job.update({ where: { id: b.id }, data: { status: "running" } });
    expect(await releaseClaims(db(), "w-release")).toBe(1);
    expect(await stored(a.id)).toMatchObject({ status: "pending", claimedBy: null });
    expect(await stored(b.id)).toMatchObject({ status: "running", claimedBy: "w-release" });
  });
});

describe("leases", () => {
  it("a running job whose lease passed is reclaimed; the first worker's late finish changes nothing", async () => {
    const { types, clock, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.slow.id });
    const first = run((await claim("w1"))[0]!, "w1");
    await types.slowStarted();
    clock.advance(DEFAULT_LEASE_MS - 1);
    expect(await claim("w2"), "reclaimed before the lease passed").toEqual([]);
    clock.advance(2);
    const [reclaimed] = await claim("w2");
    expect(reclaimed).toMatchObject({ id: job.id, claimedBy: "w2", attempts: 1 });
    const second = run(reclaimed!, "w2");
    await types.slowStarted(2);
    types.releaseSlow();
    expect((await first).status).toBe("skipped");
    expect((await second).status).toBe("completed");
    expect(await stored(job.id)).toMatchObject({
      status: "completed",
      attempts: 2,
      result: { attempt: 2 },
    });
    expect((await jobEvents(job.id)).map((e) => e.eventType)).toEqual([
      "job.enqueued",
      "job.completed",
    ]);
  });

  it("a claim not started whose lease passed goes to the next worker; the first one then skips it", async () => {
    const { types, clock, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.ok.id });
    const [stale] = await claim("w1");
    clock.advance(DEFAULT_LEASE_MS + 1);
    const [fresh] = await claim("w2");
    expect((await run(stale!, "w1")).status).toBe("skipped");
    expect((await run(fresh!, "w2")).status).toBe("completed");
    expect(await stored(job.id)).toMatchObject({ status: "completed", attempts: 1 });
  });

  it("a job whose last attempt's worker died goes dead when reclaimed, without another attempt", async () => {
    const { types, clock, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.slow.id, maxAttempts: 1 });
    const first = run((await claim("w1"))[0]!, "w1");
    await types.slowStarted();
    clock.advance(DEFAULT_LEASE_MS + 1);
    expect((await run((await claim("w2"))[0]!, "w2")).status).toBe("dead");
    types.releaseSlow();
    expect((await first).status).toBe("skipped");
    const dead = await stored(job.id);
    expect(dead).toMatchObject({ status: "dead", attempts: 1 });
    expect(dead.errorMessage).toContain("stopped before it finished");
  });
});

describe("cancel while running", () => {
  it("the running attempt's completion does not overwrite dead", async () => {
    const { t, types, options, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.slow.id });
    const attempt = run((await claim("w"))[0]!, "w");
    await types.slowStarted();
    await cancelJob(userCtx(t, "owner"), job.id, options);
    types.releaseSlow();
    expect((await attempt).status).toBe("skipped");
    expect(await stored(job.id)).toMatchObject({
      status: "dead",
      errorMessage: `Cancelled by user ${t.owner.id}`,
      result: null,
    });
    expect((await jobEvents(job.id)).map((e) => e.eventType)).toEqual([
      "job.enqueued",
      "job.cancelled",
    ]);
  });
});

describe("cancel interrupts the running attempt", () => {
  it("its signal aborts and the attempt ends without waiting for the handler; the row stays dead", async () => {
    const { t, types, options, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.slow.id });
    const [claimed] = await claim("w");
    const attempt = run(claimed!, "w", { cancelPollMs: 20 });
    await types.slowStarted();
    expect(types.slowSignals[0]!.aborted).toBe(false);
    await cancelJob(userCtx(t, "owner"), job.id, options);
    // The slow handler is never released: only the cancel can end this attempt.
    expect((await attempt).status).toBe("skipped");
    expect(types.slowSignals[0]!.aborted).toBe(true);
    expect(await stored(job.id)).toMatchObject({ status: "dead", result: null });
    types.releaseSlow();
  });

  it("an attempt whose job stays its own is not interrupted by the watch", async () => {
    const { types, enqueue, claim, run, stored } = await setup();
    const job = await enqueue({ jobType: types.slow.id });
    const [claimed] = await claim("w");
    const attempt = run(claimed!, "w", { cancelPollMs: 10 });
    await types.slowStarted();
    // Several looks at the row happen while the handler runs.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(types.slowSignals[0]!.aborted).toBe(false);
    types.releaseSlow();
    expect((await attempt).status).toBe("completed");
    expect(await stored(job.id)).toMatchObject({ status: "completed", result: { attempt: 1 } });
  });
});

describe("runJobById (Inngest)", () => {
  it("runs a due job, says when a failed or future one is due, and leaves a live claim alone", async () => {
    const { types, clock, options, enqueue, claim } = await setup();
    const run = (id: string) => runJobById(db(), id, { workerId: "inngest-1", ...options });
    const ok = await enqueue({ jobType: types.ok.id });
    expect(await run(ok.id)).toEqual({ status: "completed", attempts: 1, maxAttempts: 3 });
    expect(await run(ok.id)).toEqual({ status: "completed", attempts: 1, maxAttempts: 3 });

    const failing = await enqueue({ jobType: types.failing.id, maxAttempts: 2 });
    const retryAt = new Date(clock.now().getTime() + MINUTE).toISOString();
    expect(await run(failing.id)).toEqual({
      status: "failed",
      retryAt,
      attempts: 1,
      maxAttempts: 2,
    });
    expect(await run(failing.id), "before its retry is due").toEqual({
      status: "failed",
      retryAt,
      attempts: 1,
      maxAttempts: 2,
    });
    clock.advance(MINUTE);
    expect(await run(failing.id)).toEqual({ status: "dead", attempts: 2, maxAttempts: 2 });

    const later = new Date(clock.now().getTime() + 10 * MINUTE);
    const future = await enqueue({ jobType: types.ok.id, scheduledFor: later });
    expect(await run(future.id)).toMatchObject({ status: "pending", retryAt: later.toISOString() });

    const held = await enqueue({ jobType: types.ok.id });
    await claim("someone-else");
    expect(await run(held.id)).toMatchObject({ status: "claimed" });
    expect(await run("made-up")).toEqual({ status: "missing" });
  });
});
