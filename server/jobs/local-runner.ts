import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Job } from "@/generated/prisma/client";
import { resolveDatabaseTarget, type Db } from "@/server/db/client";
import { claimDueJobs, releaseClaims } from "@/server/jobs/claim";
import { clockOf, type Clock } from "@/server/jobs/limits";
import { getJobType, jobTypes, type JobTypeList } from "@/server/jobs/registry";
import { localRunners } from "@/server/jobs/runner-mode";
import { executeAttempt } from "@/server/jobs/attempt";
import { buryClaimedJob, createFinisher } from "@/server/jobs/finish";
import { startAttempts, unrunnable } from "@/server/jobs/run";
import { enqueueHourlyCleanup } from "@/server/jobs/schedules";
import { log } from "@/server/log";

// The in-process runner (docs/jobs.md): without Inngest, it polls due jobs, highest priority
// first, and runs them with the same state machine steps as runClaimedJob (which Inngest's
// run-job calls), batched: one statement claims a batch, one starts the jobs that fit the free
// slots, and endings that arrive together are written together. Several processes may each
// run one: claims skip rows another runner holds.

export type LocalRunnerOptions = {
  db: Db;
  workerId?: string;
  /** Attempts at once; default 4 on PostgreSQL, 1 on PGlite (one connection). */
  concurrency?: number;
  /** How often to look for due jobs when nothing wakes the runner (ms). */
  pollMs?: number;
  types?: JobTypeList;
  now?: Date | Clock;
  leaseMs?: number;
  /**
   * Jobs claimed beyond the free slots, so a slot that frees starts the next job at once (and a
   * claim takes a batch); default: as many as `concurrency`. Released on stop.
   */
  prefetch?: number;
  /** How long stop() waits for running attempts before aborting them (ms). */
  stopTimeoutMs?: number;
  /** Enqueue the hourly cleanup of every organization (what Inngest's cron does otherwise). */
  schedules?: boolean;
};

export type LocalRunner = {
  workerId: string;
  /** Looks for due jobs now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, releases claims not started, waits for running attempts (bounded). */
  stop(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function byRunOrder(a: Job, b: Job): number {
  return b.priority - a.priority || a.scheduledFor.getTime() - b.scheduledFor.getTime();
}

export function startLocalRunner(options: LocalRunnerOptions): LocalRunner {
  const { db } = options;
  const workerId =
    options.workerId ?? `local-${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? (resolveDatabaseTarget().kind === "postgres" ? 4 : 1);
  const prefetch = options.prefetch ?? concurrency;
  const pollMs = options.pollMs ?? 1_000;
  const types = options.types ?? jobTypes;
  const typeIds = types.map((type) => type.id);
  const clock = clockOf(options.now);
  const logger = log({ workerId });
  const abort = new AbortController();

  const queue: Job[] = [];
  /** Slots: attempts whose handler is running. */
  const busy = new Set<Promise<void>>();
  /** Attempts not yet written to the end (for stop()). */
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let woken = false;
  let resolveWait: (() => void) | undefined;
  let lastScheduleHour = -1;

  const wake = () => {
    woken = true;
    resolveWait?.();
  };

  const finisher = createFinisher(db, { workerId, clock });

  /** Starts a batch in one statement; the jobs that cannot run go dead instead. */
  const startBatch = async (batch: Job[]) => {
    const runnable: Job[] = [];
    for (const job of batch) {
      const refusal = unrunnable(job, getJobType(job.jobType, types));
      if (refusal) await buryClaimedJob(db, job, refusal, { workerId, now: clock() });
      else runnable.push(job);
    }
    const started = await startAttempts(db, runnable, {
      workerId,
      now: clock(),
      leaseMs: options.leaseMs,
    });
    return new Map(started.map((job) => [job.id, job]));
  };

  const runBatch = (batch: Job[]) => {
    const starting = startBatch(batch);
    for (const job of batch) {
      // A slot is busy while the handler runs; the ending is written after the slot is free,
      // so the next batch starts while it is being written (stop() waits for both).
      let freeSlot!: () => void;
      const slot = new Promise<void>((resolve) => (freeSlot = resolve));
      const attempt = (async () => {
        const started = (await starting).get(job.id);
        if (!started) return;
        const type = getJobType(started.jobType, types)!;
        const ending = await executeAttempt(db, started, type, { clock, signal: abort.signal });
        freeSlot();
        schedulePump();
        await finisher.finish(started, ending);
      })()
        // The row stays claimed or running; its lease ends and another claim retries it.
        .catch((error: unknown) =>
          logger.error({ err: error, jobId: job.id }, "job attempt failed"),
        )
        .finally(() => {
          freeSlot();
          inFlight.delete(attempt);
          schedulePump();
        });
      inFlight.add(attempt);
      busy.add(slot);
      void slot.then(() => busy.delete(slot));
    }
  };

  const startQueued = () => {
    while (!stopping && busy.size < concurrency && queue.length > 0) {
      runBatch(queue.splice(0, concurrency - busy.size));
    }
  };

  // Attempts whose endings were written together free their slots in the same turn: one pump
  // after them starts the next jobs as one batch (and wakes the loop to claim more).
  let pumpScheduled = false;
  const schedulePump = () => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      startQueued();
      wake();
    });
  };

  const schedule = async () => {
    if (!options.schedules) return;
    const hour = Math.floor(clock().getTime() / 3_600_000);
    if (hour === lastScheduleHour) return;
    lastScheduleHour = hour;
    await enqueueHourlyCleanup(db, clock(), types);
  };

  const waitForWork = async () => {
    if (woken || stopping) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      resolveWait = resolve;
      timer = setTimeout(resolve, pollMs);
    });
    clearTimeout(timer);
    resolveWait = undefined;
  };

  const loop = async () => {
    while (!stopping) {
      woken = false;
      try {
        await schedule();
        const wanted = concurrency + prefetch - busy.size - queue.length;
        if (wanted > 0) {
          const claimed = await claimDueJobs(db, {
            workerId,
            limit: wanted,
            now: clock(),
            leaseMs: options.leaseMs,
            jobTypes: typeIds,
          });
          queue.push(...claimed);
          queue.sort(byRunOrder);
          startQueued();
          // A full batch: more may be due, claim again without waiting.
          if (claimed.length === wanted) continue;
        }
      } catch (error) {
        logger.error({ err: error }, "claiming due jobs failed");
        await sleep(pollMs);
      }
      await waitForWork();
    }
  };

  const wakers = localRunners().wakers;
  wakers.add(wake);
  const looping = loop();

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    wakers.delete(wake);
    resolveWait?.();
    await looping;
    queue.length = 0;
    const released = await releaseClaims(db, workerId);
    const settled = Promise.all(inFlight);
    const timeoutMs = options.stopTimeoutMs ?? 30_000;
    const inTime = await Promise.race([
      settled.then(() => true),
      sleep(timeoutMs).then(() => false),
    ]);
    if (!inTime) {
      // Aborted attempts fail (and are retried); ones that ignore the signal are reclaimed after
      // their lease.
      abort.abort();
      await Promise.race([settled, sleep(1_000)]);
    }
    logger.info({ released, inTime }, "local job runner stopped");
  };

  return { workerId, wake, stop };
}
