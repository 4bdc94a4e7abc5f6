import { z } from "zod";
import type { Actor } from "@/server/auth/actor";
import { testDb, uid } from "@/test/db";
import { PermanentJobError, type JobTypeDefinition } from "@/server/jobs/types";
import type { ServiceContext } from "@/server/services/context";
import type { Tenant } from "@/test/factories";

// Job types and a clock for the state machine and runner tests. Each call makes types with ids
// of their own, and the tests claim only those, so they never take another file's jobs.

/** A clock the test moves. */
export function testClock(start = new Date()) {
  let time = start.getTime();
  const now = () => new Date(time);
  return {
    now,
    advance(ms: number) {
      time += ms;
      return now();
    },
  };
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const payload = z.object({ n: z.number().int().optional(), label: z.string().max(10).optional() });

export function testJobTypes() {
  const suffix = uid("jt");
  const define = (
    name: string,
    handle: JobTypeDefinition<typeof payload>["handle"],
    extra: Partial<JobTypeDefinition<typeof payload>> = {},
  ): JobTypeDefinition<typeof payload> => ({
    id: `test.${name}.${suffix}`,
    description: `Test job type ${name}`,
    payload,
    defaultPriority: 0,
    defaultMaxAttempts: 3,
    handle,
    ...extra,
  });

  /**
   * Holds every attempt until `releaseSlow()` (it ignores its signal); `slowStarted(n)`: n
   * attempts have begun.
   */
  const held = gate();
  let starts = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const slowSignals: AbortSignal[] = [];
  const slow = define("slow", async (_payload, ctx) => {
    starts += 1;
    slowSignals.push(ctx.signal);
    for (const waiter of waiters) if (starts >= waiter.n) waiter.resolve();
    await held.opened;
    return { attempt: ctx.job.attempts };
  });

  const types = {
    ok: define("ok", async (input, ctx) => ({ n: input.n ?? null, attempt: ctx.job.attempts })),
    failing: define("failing", async () => {
      throw new Error("boom");
    }),
    permanent: define("permanent", async () => {
      throw new PermanentJobError("retrying cannot help");
    }),
    verbose: define("verbose", async () => {
      const error = new Error("x".repeat(10_000));
      throw error;
    }),
    timeout: define(
      "timeout",
      (_payload, ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () => reject(new Error("aborted"))),
        ),
      { timeoutMs: 50 },
    ),
    slow,
  };
  const list = Object.values(types);
  return {
    ...types,
    list,
    ids: list.map((type) => type.id),
    slowStarted: (n = 1) =>
      new Promise<void>((resolve) => {
        if (starts >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    releaseSlow: () => held.open(),
    /** The signal each slow attempt was given, in order. */
    slowSignals,
  };
}

export function userCtx(tenant: Tenant, role: "owner" | "admin" | "member"): ServiceContext {
  const actor: Actor = {
    type: "user",
    userId: tenant[role].id,
    orgId: tenant.org.id,
    orgRole: role,
  };
  return { db: testDb(), actor };
}

export function systemCtx(orgId: string): ServiceContext {
  return { db: testDb(), actor: { type: "system", orgId } };
}

export function jobEvents(jobId: string) {
  return testDb().event.findMany({
    where: { eventType: { startsWith: "job." }, payload: { path: ["jobId"], equals: jobId } },
    orderBy: [{ timestamp: "asc" }, { id: "asc" }],
  });
}
