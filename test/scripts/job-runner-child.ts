// Child process for server/jobs/crash.int.test.ts: a local runner (PostgreSQL, DATABASE_URL from
// the environment) with one job type whose attempts never end. It prints "started <jobId>" when
// an attempt begins and waits to be killed.
//   job-runner-child.ts <jobTypeId> <leaseMs>
import { z } from "zod";
import { getDb } from "@/server/db/client";
import { startLocalRunner } from "@/server/jobs/local-runner";

const [jobTypeId, leaseMs] = process.argv.slice(2);
if (!jobTypeId || !leaseMs) throw new Error("usage: job-runner-child.ts <jobTypeId> <leaseMs>");

const runner = startLocalRunner({
  db: getDb(),
  workerId: `crash-child-${process.pid}`,
  concurrency: 1,
  pollMs: 50,
  leaseMs: Number(leaseMs),
  types: [
    {
      id: jobTypeId,
      description: "never finishes",
      payload: z.object({}),
      defaultPriority: 0,
      defaultMaxAttempts: 3,
      handle: (_payload, ctx) => {
        console.log(`started ${ctx.job.id}`);
        return new Promise(() => undefined);
      },
    },
  ],
});
console.log(`runner ${runner.workerId}`);
