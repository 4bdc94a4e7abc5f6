import type { Prisma } from "@/generated/prisma/client";
import { systemActor } from "@/server/auth/actor";
import type { JobRunContext } from "@/server/jobs/types";
import { testDb } from "@/test/db";

// A job row and the context a runner would hand its handler, so handler tests call
// `handle(payload, ctx)` directly, without the state machine.

export async function jobContext(
  organizationId: string,
  job: Partial<Prisma.JobUncheckedCreateInput> & { jobType: string },
  options: { now?: () => Date; signal?: AbortSignal } = {},
): Promise<JobRunContext> {
  const row = await testDb().job.create({
    data: { organizationId, status: "running", attempts: 1, startedAt: new Date(), ...job },
  });
  return {
    db: testDb(),
    job: row,
    actor: systemActor(organizationId),
    now: options.now ?? (() => new Date()),
    signal: options.signal ?? new AbortController().signal,
  };
}
