import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { startLocalRunner } from "@/server/jobs/local-runner";
import { configuredJobRunner } from "@/server/jobs/runner-mode";
import { log } from "@/server/log";

// What instrumentation.ts starts when the server starts (docs/jobs.md): the local runner, or
// nothing when Inngest runs jobs (it calls /api/inngest) or JOB_RUNNER=none.

export function startJobRunner(): void {
  const kind = configuredJobRunner();
  const logger = log({ component: "jobs" });
  if (kind !== "local") {
    logger.info({ runner: kind }, kind === "inngest" ? "jobs run on Inngest" : "no job runner");
    return;
  }
  const runner = startLocalRunner({ db: getDb(), schedules: true });
  logger.info({ runner: kind, workerId: runner.workerId }, "jobs run on the local runner");
  // A listener of its own replaces Node's default exit on the signal: once the runner has
  // stopped, the signal is raised again so that default applies when nothing else handles it.
  const shutdown = (signal: NodeJS.Signals) => {
    void runner.stop().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/** Whether this process should start a runner: not while `next build` runs, never in tests. */
export function shouldStartJobRunner(): boolean {
  const { NEXT_PHASE } = env();
  return NEXT_PHASE !== "phase-production-build" && !process.env.VITEST;
}
