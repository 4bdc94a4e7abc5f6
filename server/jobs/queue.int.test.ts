import { describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/actor";
import { AppError } from "@/server/errors";
import { cancelJob, claimDueJobs, enqueueJob, retryJob, runClaimedJob } from "@/server/jobs/queue";
import type { ServiceContext } from "@/server/services/context";
import { testDb, uid } from "@/test/db";
import { createEntity, createEntityType, createTenant } from "@/test/factories";
import { jobEvents, systemCtx, testClock, testJobTypes, userCtx } from "@/test/jobs";

// Enqueue, retry and cancel: validation, idempotency, authorization, tenancy, the state rules
// and their events (docs/jobs.md).

async function refusal(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call succeeded").toBeInstanceOf(AppError);
  return error as AppError;
}

async function setup() {
  const t = await createTenant();
  const types = testJobTypes();
  const clock = testClock();
  const options = { types: types.list, now: clock.now };
  const jobCount = () => testDb().job.count({ where: { organizationId: t.org.id } });
  const eventCount = () =>
    testDb().event.count({
      where: { organizationId: t.org.id, eventType: { startsWith: "job." } },
    });
  return { t, types, clock, options, jobCount, eventCount };
}

describe("enqueueJob", () => {
  it("inserts a pending job with the type's defaults, the actor, and a job.enqueued event", async () => {
    const { t, types, clock, options } = await setup();
    const { job, existing } = await enqueueJob(
      userCtx(t, "admin"),
      { jobType: types.ok.id, payload: { n: 1 } },
      options,
    );
    expect(existing).toBe(false);
    expect(job).toMatchObject({
      organizationId: t.org.id,
      status: "pending",
      priority: 0,
      maxAttempts: 3,
      attempts: 0,
      payload: { n: 1 },
      actorContext: { actorType: "user", actorId: t.admin.id },
    });
    expect(job.scheduledFor).toEqual(clock.now());
    const events = await jobEvents(job.id);
    expect(events.map((e) => [e.eventType, e.actorType, e.actorId])).toEqual([
      ["job.enqueued", "user", t.admin.id],
    ]);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const { t, types, options, jobCount, eventCount } = await setup();
    const ctx = userCtx(t, "owner");
    const cases: [Record<string, unknown>, string][] = [
      [{ jobType: "no.such.type" }, "jobType"],
      [{ jobType: types.ok.id, payload: { n: "one" } }, "payload.n"],
      [{ jobType: types.ok.id, payload: { label: "far too long a label" } }, "payload.label"],
      [{ jobType: types.ok.id, payload: { n: 1, big: "x".repeat(70_000) } }, "payload"],
      [{ jobType: types.ok.id, priority: 101 }, "priority"],
      [{ jobType: types.ok.id, priority: 1.5 }, "priority"],
      [{ jobType: types.ok.id, maxAttempts: 0 }, "maxAttempts"],
      [{ jobType: types.ok.id, maxAttempts: 26 }, "maxAttempts"],
      [{ jobType: types.ok.id, scheduledFor: new Date("nope") }, "scheduledFor"],
      [{ jobType: types.ok.id, idempotencyKey: "" }, "idempotencyKey"],
      [{ jobType: types.ok.id, idempotencyKey: "k".repeat(201) }, "idempotencyKey"],
    ];
    for (const [input, field] of cases) {
      const error = await refusal(enqueueJob(ctx, input as never, options));
      expect([error.code, error.field], JSON.stringify(input).slice(0, 80)).toEqual([
        "BAD_REQUEST",
        field,
      ]);
    }
    expect(await jobCount()).toBe(0);
    expect(await eventCount()).toBe(0);
  });

  it("accepts the bounds themselves", async () => {
    const { t, types, options } = await setup();
    const ctx = systemCtx(t.org.id);
    const low = await enqueueJob(
      ctx,
      { jobType: types.ok.id, priority: -100, maxAttempts: 1 },
      options,
    );
    const high = await enqueueJob(
      ctx,
      { jobType: types.ok.id, priority: 100, maxAttempts: 25 },
      options,
    );
    expect([low.job.priority, low.job.maxAttempts]).toEqual([-100, 1]);
    expect([high.job.priority, high.job.maxAttempts]).toEqual([100, 25]);
  });

  it("returns the job an idempotency key already names, unchanged, whatever its status", async () => {
    const { t, types, clock, options, jobCount } = await setup();
    const ctx = userCtx(t, "owner");
    const first = await enqueueJob(ctx, { jobType: types.ok.id, idempotencyKey: "k1" }, options);
    const [claimed] = await claimDueJobs(testDb(), {
      workerId: "w",
      limit: 1,
      now: clock.now(),
      jobTypes: types.ids,
    });
    await runClaimedJob(testDb(), claimed!, { workerId: "w", now: clock.now, types: types.list });
    const again = await enqueueJob(
      ctx,
      { jobType: types.ok.id, idempotencyKey: "k1", payload: { n: 9 }, priority: 50 },
      options,
    );
    expect(again.existing).toBe(true);
    expect(again.job.id).toBe(first.job.id);
    expect(again.job).toMatchObject({ status: "completed", priority: 0, payload: {} });
    expect(await jobCount()).toBe(1);
    expect((await jobEvents(first.job.id)).map((e) => e.eventType)).toEqual([
      "job.enqueued",
      "job.completed",
    ]);
  });

  it("two concurrent enqueues with one key make one job; both return it", async () => {
    const { t, types, options, jobCount } = await setup();
    const ctx = systemCtx(t.org.id);
    const input = { jobType: types.ok.id, idempotencyKey: uid("key") };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => enqueueJob(ctx, input, options)),
    );
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => !r.existing)).toHaveLength(1);
    expect(await jobCount()).toBe(1);
    expect(await jobEvents(results[0]!.job.id)).toHaveLength(1);
  });

  it("keys are per organization", async () => {
    const a = await setup();
    const b = await createTenant();
    const input = { jobType: a.types.ok.id, idempotencyKey: "same" };
    const inA = await enqueueJob(systemCtx(a.t.org.id), input, a.options);
    const inB = await enqueueJob(systemCtx(b.org.id), input, a.options);
    expect(inB.existing).toBe(false);
    expect(inB.job.id).not.toBe(inA.job.id);
  });

  it("links an entity of the organization; another organization's entity is not found", async () => {
    const { t, types, options, jobCount } = await setup();
    const own = await createEntity(await createEntityType(t.org.id));
    const other = await createTenant();
    const foreign = await createEntity(await createEntityType(other.org.id));
    const ctx = userCtx(t, "owner");
    const { job } = await enqueueJob(ctx, { jobType: types.ok.id, entityId: own.id }, options);
    expect(job.entityId).toBe(own.id);
    expect((await jobEvents(job.id))[0]?.entityId).toBe(own.id);
    for (const entityId of [foreign.id, "made-up"]) {
      const error = await refusal(enqueueJob(ctx, { jobType: types.ok.id, entityId }, options));
      expect(error.code).toBe("NOT_FOUND");
    }
    expect(await jobCount()).toBe(1);
  });

  it("members, API keys and webhooks may not enqueue; agents and the system may", async () => {
    const { t, types, options, jobCount } = await setup();
    const refused: ServiceContext[] = [
      userCtx(t, "member"),
      { db: testDb(), actor: { type: "apiKey", apiKeyId: "k", orgId: t.org.id, permissions: [] } },
      { db: testDb(), actor: { type: "webhook", orgId: t.org.id, source: "clerk" } },
    ];
    for (const ctx of refused) {
      const error = await refusal(enqueueJob(ctx, { jobType: types.ok.id }, options));
      expect(error.code).toBe("FORBIDDEN");
    }
    expect(await jobCount()).toBe(0);
    const agent: Actor = { type: "agent", agentId: "a1", orgId: t.org.id, roleIds: [] };
    const { job } = await enqueueJob(
      { db: testDb(), actor: agent },
      { jobType: types.ok.id },
      options,
    );
    expect(job.actorContext).toEqual({ actorType: "agent", actorId: "a1" });
  });
});

async function jobIn(state: "pending" | "failed" | "dead" | "completed" | "running" | "claimed") {
  const s = await setup();
  const type = state === "failed" || state === "dead" ? s.types.failing : s.types.ok;
  const { job } = await enqueueJob(
    systemCtx(s.t.org.id),
    { jobType: type.id, maxAttempts: state === "dead" ? 1 : 3 },
    s.options,
  );
  if (state !== "pending") {
    await claimDueJobs(testDb(), {
      workerId: "w",
      limit: 1,
      now: s.clock.now(),
      jobTypes: s.types.ids,
    });
    if (state === "running") {
      await testDb().job.update({ where: { id: job.id }, data: { status: "running" } });
    } else if (state !== "claimed") {
      const claimed = await testDb().job.findUniqueOrThrow({ where: { id: job.id } });
      await runClaimedJob(testDb(), claimed, {
        workerId: "w",
        now: s.clock.now,
        types: s.types.list,
      });
    }
  }
  const stored = await testDb().job.findUniqueOrThrow({ where: { id: job.id } });
  expect(stored.status).toBe(state);
  return { ...s, job: stored };
}

describe("retryJob", () => {
  it.each(["failed", "dead"] as const)(
    "starts a %s job over: pending, no attempts, due now",
    async (state) => {
      const { t, job, clock, options } = await jobIn(state);
      clock.advance(5_000);
      const retried = await retryJob(userCtx(t, "admin"), job.id, options);
      expect(retried).toMatchObject({
        status: "pending",
        attempts: 0,
        errorMessage: null,
        claimedBy: null,
        completedAt: null,
      });
      expect(retried.scheduledFor).toEqual(clock.now());
      const last = (await jobEvents(job.id)).at(-1)!;
      expect([last.eventType, last.actorId, last.payload]).toEqual([
        "job.retried",
        t.admin.id,
        { jobId: job.id, jobType: job.jobType, previousStatus: state },
      ]);
    },
  );

  it.each(["pending", "claimed", "running", "completed"] as const)(
    "refuses a %s job with 409 and changes nothing",
    async (state) => {
      const { t, job, options } = await jobIn(state);
      const error = await refusal(retryJob(userCtx(t, "owner"), job.id, options));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain(`this job is ${state}`);
      expect(await testDb().job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(job);
    },
  );
});

describe("cancelJob", () => {
  it.each(["pending", "claimed", "running", "failed"] as const)(
    "ends a %s job dead, naming who cancelled it",
    async (state) => {
      const { t, job, clock, options } = await jobIn(state);
      const cancelled = await cancelJob(userCtx(t, "owner"), job.id, options);
      expect(cancelled).toMatchObject({
        status: "dead",
        errorMessage: `Cancelled by user ${t.owner.id}`,
        claimedBy: null,
      });
      expect(cancelled.completedAt).toEqual(clock.now());
      const last = (await jobEvents(job.id)).at(-1)!;
      expect([last.eventType, last.payload]).toEqual([
        "job.cancelled",
        { jobId: job.id, jobType: job.jobType, previousStatus: state },
      ]);
    },
  );

  it.each(["completed", "dead"] as const)("refuses a %s job with 409", async (state) => {
    const { t, job, options } = await jobIn(state);
    const error = await refusal(cancelJob(userCtx(t, "admin"), job.id, options));
    expect(error.code).toBe("CONFLICT");
    expect(await testDb().job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(job);
  });
});

describe("retry and cancel: who and which organization", () => {
  it("members cannot; another organization's job is not found; nothing changes", async () => {
    const { t, job, options } = await jobIn("failed");
    const other = await createTenant();
    const before = await jobEvents(job.id);
    const member = await refusal(retryJob(userCtx(t, "member"), job.id, options));
    expect(member.code).toBe("FORBIDDEN");
    expect((await refusal(cancelJob(userCtx(t, "member"), job.id, options))).code).toBe(
      "FORBIDDEN",
    );
    // Thunks, called one at a time: promises made up front would reject unobserved.
    for (const call of [
      () => retryJob(userCtx(other, "owner"), job.id, options),
      () => cancelJob(userCtx(other, "owner"), job.id, options),
      () => retryJob(userCtx(t, "owner"), "made-up", options),
    ]) {
      expect((await refusal(call())).code).toBe("NOT_FOUND");
    }
    expect(await testDb().job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(job);
    expect(await jobEvents(job.id)).toEqual(before);
  });
});
