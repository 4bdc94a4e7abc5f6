import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startLocalRunner } from "@/server/jobs/local-runner";
import { enqueueJob } from "@/server/jobs/queue";
import type { JobTypeDefinition } from "@/server/jobs/types";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";
import { jobEvents, systemCtx } from "@/test/jobs";

// A runner process killed with SIGKILL in the middle of an attempt loses nothing: once its lease
// passes, another runner claims the job again and completes it, and the killed attempt counts.
//
// PostgreSQL only: the child process needs a database server of its own to connect to (an
// in-memory PGlite lives inside one process).
const postgres = Boolean(process.env.DATABASE_URL);
const script = path.resolve("test/scripts/job-runner-child.ts");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

describe.runIf(postgres)("a runner killed mid-attempt (PostgreSQL)", () => {
  it("its job is reclaimed after the lease and completed by another runner", async () => {
    const t = await createTenant();
    const jobTypeId = `test.crash.${uid()}`;
    const leaseMs = 1_500;
    const quick: JobTypeDefinition = {
      id: jobTypeId,
      description: "finishes at once",
      payload: z.object({}),
      defaultPriority: 0,
      defaultMaxAttempts: 3,
      handle: async (_payload, ctx) => ({ attempt: ctx.job.attempts }),
    };
    const { job } = await enqueueJob(
      systemCtx(t.org.id),
      { jobType: jobTypeId },
      { types: [quick] },
    );

    // `node --import tsx` keeps one process, so the PID killed is the runner's.
    const child = spawn(process.execPath, ["--import", "tsx", script, jobTypeId, String(leaseMs)], {
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes(`started ${job.id}`)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`child: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const running = await testDb().job.findUniqueOrThrow({ where: { id: job.id } });
    expect(running).toMatchObject({
      status: "running",
      attempts: 1,
      claimedBy: `crash-child-${child.pid}`,
    });

    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;

    const second = startLocalRunner({ db: testDb(), types: [quick], concurrency: 1, pollMs: 100 });
    try {
      const until = Date.now() + 30_000;
      let stored = running;
      while (stored.status !== "completed" && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await testDb().job.findUniqueOrThrow({ where: { id: job.id } });
      }
      expect(stored).toMatchObject({ status: "completed", attempts: 2, result: { attempt: 2 } });
      // Not before the killed worker's lease had passed.
      expect(stored.startedAt!.getTime()).toBeGreaterThanOrEqual(running.leaseExpiresAt!.getTime());
    } finally {
      await second.stop();
    }
    expect((await jobEvents(job.id)).map((e) => e.eventType)).toEqual([
      "job.enqueued",
      "job.completed",
    ]);
  }, 120_000);
});
