import { env, type Env } from "@/server/env";

// Which runner runs this deployment's jobs (docs/jobs.md). Inngest when it is configured, the
// in-process runner otherwise; JOB_RUNNER overrides the choice.

export type JobRunnerKind = "inngest" | "local" | "none";

const OFF = new Set(["0", "false", "no", "off"]);

function inngestConfigured(source: Env): boolean {
  const dev = source.INNGEST_DEV;
  return Boolean(
    source.INNGEST_EVENT_KEY || source.INNGEST_BASE_URL || (dev && !OFF.has(dev.toLowerCase())),
  );
}

/** The runner the configuration asks for. */
export function configuredJobRunner(source: Env = env()): JobRunnerKind {
  if (source.JOB_RUNNER !== "auto") return source.JOB_RUNNER;
  return inngestConfigured(source) ? "inngest" : "local";
}

/** Whether the Inngest client should talk to a dev server rather than Inngest Cloud. */
export function inngestDevMode(source: Env = env()): boolean | undefined {
  const dev = source.INNGEST_DEV;
  if (!dev) return undefined;
  return !OFF.has(dev.toLowerCase());
}

// Kept on globalThis: Next.js bundles instrumentation.ts apart from the routes, so a module
// variable there would not be the one the routes' copy of this module reads.
type RunnerRegistry = { wakers: Set<() => void> };
const shared = globalThis as typeof globalThis & { __agentforgeJobRunners?: RunnerRegistry };

export function localRunners(): RunnerRegistry {
  shared.__agentforgeJobRunners ??= { wakers: new Set() };
  return shared.__agentforgeJobRunners;
}

/**
 * What runs jobs for this process, for the Overview status card: Inngest when configured, the
 * local runner when one is running in this process, otherwise none.
 */
export function activeJobRunner(): JobRunnerKind {
  if (configuredJobRunner() === "inngest") return "inngest";
  return localRunners().wakers.size > 0 ? "local" : "none";
}
