import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startLocalRunner, type LocalRunner } from "@/server/jobs/local-runner";
import { enqueueJob } from "@/server/jobs/queue";
import { activeJobRunner } from "@/server/jobs/runner-mode";
import type { JobTypeDefinition } from "@/server/jobs/types";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";
import { systemCtx, testJobTypes } from "@/test/jobs";

// The in-process runner: woken by enqueue, highest priority first, a graceful stop that waits
// for running attempts and hands back claims it had not started.

const runners: LocalRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
});

function start(options: Omit<Parameters<typeof startLocalRunner>[0], "db">) {
  const runner = startLocalRunner({ db: testDb(), stopTimeoutMs: 5_000, ...options });
  runners.push(runner);
  return runner;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusOf = async (id: string) =>
  (await testDb().job.findUniqueOrThrow({ where: { id } })).status;

describe("startLocalRunner", () => {
  it("runs a job as soon as it is enqueued (enqueue wakes it; the poll is an hour away)", async () => {
    const t = await createTenant();
    const types = testJobTypes();
    start({ types: types.list, pollMs: 3_600_000, concurrency: 1 });
    expect(activeJobRunner()).toBe("local");
    // Let the first poll find nothing and start waiting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { job } = await enqueueJob(
      systemCtx(t.org.id),
      { jobType: types.ok.id },
      { types: types.list },
    );
    await until(async () => (await statusOf(job.id)) === "completed", 5_000);
  });

  it("runs due jobs highest priority first", async () => {
    const t = await createTenant();
    const order: number[] = [];
    const recording: JobTypeDefinition = {
      id: `test.order.${uid()}`,
      description: "records its priority",
      payload: z.object({}),
      defaultPriority: 0,
      defaultMaxAttempts: 1,
      handle: async (_payload, ctx) => {
        order.push(ctx.job.priority);
        return {};
      },
    };
    const priorities = [0, 50, -10, 100, 5];
    for (const priority of priorities) {
      await enqueueJob(
        systemCtx(t.org.id),
        { jobType: recording.id, priority },
        { types: [recording] },
      );
    }
    start({ types: [recording], concurrency: 1, prefetch: 0, pollMs: 50 });
    await until(async () => order.length === priorities.length);
    expect(order).toEqual([100, 50, 5, 0, -10]);
  });

  it("stop() waits for the running attempt and releases the claims it had not started", async () => {
    const t = await createTenant();
    const types = testJobTypes();
    const ctx = systemCtx(t.org.id);
    const options = { types: types.list };
    const slow = (await enqueueJob(ctx, { jobType: types.slow.id, priority: 10 }, options)).job;
    const waiting = await Promise.all(
      [1, 2].map(async () => (await enqueueJob(ctx, { jobType: types.ok.id }, options)).job),
    );
    const runner = startLocalRunner({
      db: testDb(),
      types: types.list,
      concurrency: 1,
      prefetch: 2,
      pollMs: 50,
    });
    await types.slowStarted();
    await until(async () => (await statusOf(waiting[1]!.id)) === "claimed");
    const stopped = runner.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await statusOf(slow.id), "stop() cut the running attempt").toBe("running");
    types.releaseSlow();
    await stopped;
    expect(await statusOf(slow.id)).toBe("completed");
    for (const job of waiting) {
      expect(await testDb().job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
        status: "pending",
        claimedBy: null,
        attempts: 0,
      });
    }
    expect(activeJobRunner()).toBe("none");
  });
});
