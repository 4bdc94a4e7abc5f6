import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PrismaClient } from "@/generated/prisma/client";
import { createAdapterFactory } from "@/server/db/client";
import { newId } from "@/server/db/errors";
import { startLocalRunner } from "@/server/jobs/local-runner";
import type { JobTypeDefinition } from "@/server/jobs/types";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";

// Four runners, each with its own connection pool, over 2,000 jobs that fail at random: every
// job ends completed or dead, no job ever runs in two attempts at once, attempts never pass
// maxAttempts, and each failed attempt left its event.
//
// PostgreSQL only: PGlite is one connection, so runners there cannot overlap at all.
const url = process.env.DATABASE_URL;
const JOBS = 2_000;
const MAX_ATTEMPTS = 3;

describe.runIf(url)("four runners in parallel (PostgreSQL)", () => {
  it("run 2,000 flaky jobs to an end, each attempt alone", async () => {
    const t = await createTenant();
    // Time runs a thousand times faster for the runners: the 1- and 2-minute backoffs take
    // 60 and 120 ms. The lease is made long enough that nothing is reclaimed in this test.
    const base = Date.now();
    const now = () => new Date(base + (Date.now() - base) * 1_000);
    const leaseMs = 30 * 24 * 3_600_000;

    const intervals = new Map<string, { start: number; end: number; worker: string }[]>();
    const flaky: JobTypeDefinition = {
      id: `test.flaky.${uid()}`,
      description: "fails a third of its attempts",
      payload: z.object({}),
      defaultPriority: 0,
      defaultMaxAttempts: MAX_ATTEMPTS,
      handle: async (_payload, ctx) => {
        const start = performance.now();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        const record = { start, end: performance.now(), worker: ctx.job.claimedBy ?? "" };
        intervals.set(ctx.job.id, [...(intervals.get(ctx.job.id) ?? []), record]);
        if (Math.random() < 1 / 3) throw new Error("flaky");
        return { attempt: ctx.job.attempts };
      },
    };

    const rows = Array.from({ length: JOBS }, (_, i) => ({
      id: newId(),
      organizationId: t.org.id,
      jobType: flaky.id,
      priority: i % 7,
      maxAttempts: MAX_ATTEMPTS,
      scheduledFor: now(),
    }));
    await testDb().job.createMany({ data: rows });

    const clients = Array.from(
      { length: 4 },
      () => new PrismaClient({ adapter: createAdapterFactory({ kind: "postgres", url: url! }) }),
    );
    const runners = clients.map((db, i) =>
      startLocalRunner({
        db,
        workerId: `parallel-${i}`,
        types: [flaky],
        concurrency: 4,
        pollMs: 20,
        now,
        leaseMs,
      }),
    );
    const ended = async () =>
      testDb().job.count({
        where: { organizationId: t.org.id, status: { in: ["completed", "dead"] } },
      });
    try {
      const deadline = Date.now() + 240_000;
      while ((await ended()) < JOBS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
      await Promise.all(clients.map((client) => client.$disconnect()));
    }

    const jobs = await testDb().job.findMany({ where: { organizationId: t.org.id } });
    expect(jobs).toHaveLength(JOBS);
    expect(jobs.filter((job) => job.status !== "completed" && job.status !== "dead")).toEqual([]);
    for (const job of jobs) {
      const attempts = (intervals.get(job.id) ?? []).sort((a, b) => a.start - b.start);
      expect(job.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
      expect(attempts, `job ${job.id}`).toHaveLength(job.attempts);
      for (let i = 1; i < attempts.length; i++) {
        expect(attempts[i]!.start, `job ${job.id} ran twice at once`).toBeGreaterThanOrEqual(
          attempts[i - 1]!.end,
        );
      }
      if (job.status === "dead") expect(job.attempts).toBe(MAX_ATTEMPTS);
    }
    // Each runner took a share of the work.
    const workers = new Set([...intervals.values()].flat().map((attempt) => attempt.worker));
    expect(workers.size).toBe(4);

    const events = await testDb().event.groupBy({
      by: ["eventType"],
      where: { organizationId: t.org.id },
      _count: true,
    });
    const count = (type: string) => events.find((e) => e.eventType === type)?._count ?? 0;
    const completed = jobs.filter((job) => job.status === "completed").length;
    const totalAttempts = jobs.reduce((sum, job) => sum + job.attempts, 0);
    expect(count("job.completed")).toBe(completed);
    expect(count("job.dead")).toBe(JOBS - completed);
    expect(count("job.failed")).toBe(totalAttempts - JOBS);
  }, 300_000);
});
