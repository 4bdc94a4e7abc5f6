// Job runner benchmark (PostgreSQL; target ≥ 1,000 jobs/s with 4 runners on a 2-core machine):
//   DATABASE_URL=postgresql://... npm run bench:jobs        (BENCH_JOBS=20000 for more jobs)
// 1. enqueueJob throughput (the real service: validation, insert, job.enqueued event).
// 2. claim + run + complete throughput of the local runner with a no-op job type, 1 runner and
//    4 runners (each its own connection pool), at concurrency 4 (the default) and 16, over jobs
//    batch-inserted for the purpose.
// Each run uses an organization of its own; nothing is cleaned up (the rows are the evidence).
import { z } from "zod";
import { PrismaClient } from "@/generated/prisma/client";
import { systemActor } from "@/server/auth/actor";
import { createAdapterFactory, disconnectDb, getDb, getDbAdapterFactory } from "@/server/db/client";
import { newId } from "@/server/db/errors";
import { applyMigrations } from "@/server/db/schema-engine";
import { startLocalRunner } from "@/server/jobs/local-runner";
import { enqueueJob } from "@/server/jobs/queue";
import type { JobTypeDefinition } from "@/server/jobs/types";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("bench:jobs needs DATABASE_URL (PostgreSQL)");
const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const ENQUEUES = Number(process.env.BENCH_ENQUEUES ?? 2_000);

const noop: JobTypeDefinition = {
  id: "bench.noop",
  description: "does nothing",
  payload: z.object({}),
  defaultPriority: 0,
  defaultMaxAttempts: 3,
  handle: async () => ({}),
};

async function organization(label: string) {
  const slug = `bench-jobs-${label}-${Date.now().toString(36)}`;
  return getDb().organization.create({ data: { name: slug, slug } });
}

async function benchEnqueue(): Promise<void> {
  const org = await organization("enqueue");
  const ctx = { db: getDb(), actor: systemActor(org.id) };
  const concurrency = 8;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ENQUEUES) {
        next += 1;
        await enqueueJob(ctx, { jobType: noop.id, payload: {} }, { types: [noop] });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `enqueueJob: ${ENQUEUES} jobs in ${seconds.toFixed(2)} s = ${Math.round(ENQUEUES / seconds)} jobs/s (${concurrency} concurrent callers)`,
  );
  // Not run here: ended, so the runner benchmarks below (same job type) do not claim them.
  await getDb().job.updateMany({ where: { organizationId: org.id }, data: { status: "dead" } });
}

async function benchRunners(runnerCount: number, concurrency: number): Promise<void> {
  const org = await organization(`run${runnerCount}x${concurrency}`);
  const now = new Date();
  for (let offset = 0; offset < JOBS; offset += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, JOBS - offset) }, () => ({
      id: newId(),
      organizationId: org.id,
      jobType: noop.id,
      scheduledFor: now,
    }));
    await getDb().job.createMany({ data: rows });
  }
  // Earlier runs' churn leaves dead index entries the claim would step over until autovacuum
  // gets to them: each measurement starts from a vacuumed table.
  await getDb().$executeRawUnsafe(`VACUUM ANALYZE "jobs"`);
  const clients = Array.from(
    { length: runnerCount },
    () => new PrismaClient({ adapter: createAdapterFactory({ kind: "postgres", url: url! }) }),
  );
  // Connections opened before the clock starts.
  await Promise.all(clients.map((client) => client.$queryRaw`SELECT 1`));
  const started = performance.now();
  const runners = clients.map((db, i) =>
    startLocalRunner({
      db,
      workerId: `bench-${runnerCount}-${i}`,
      types: [noop],
      concurrency,
      prefetch: 2 * concurrency,
      pollMs: 20,
    }),
  );
  const where = { organizationId: org.id, status: "completed" as const };
  while ((await getDb().job.count({ where })) < JOBS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(runners.map((runner) => runner.stop()));
  await Promise.all(clients.map((client) => client.$disconnect()));
  const events = await getDb().event.count({
    where: { organizationId: org.id, eventType: "job.completed" },
  });
  console.log(
    `${runnerCount} runner(s) × concurrency ${concurrency}: ${JOBS} jobs claimed, run and completed in ${seconds.toFixed(2)} s = ${Math.round(JOBS / seconds)} jobs/s (${events} job.completed events)`,
  );
}

await applyMigrations(getDbAdapterFactory());
// Earlier runs' leftovers must not be claimed by this run's runners.
await getDb().job.updateMany({
  where: { jobType: noop.id, status: { notIn: ["completed", "dead"] } },
  data: { status: "dead" },
});
await benchEnqueue();
// The default concurrency (4 attempts at once per runner on PostgreSQL), then 16: no-op attempts
// are bounded by statement latency, so more at once means larger batches per statement.
for (const concurrency of [4, 16]) {
  await benchRunners(1, concurrency);
  await benchRunners(4, concurrency);
}
await disconnectDb();
