import { systemActor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { getJobType, jobTypes, type JobTypeList } from "@/server/jobs/registry";
import { enqueueJob } from "@/server/jobs/queue";

// Jobs enqueued on a clock (docs/jobs.md): Inngest's cron functions call these, and so does the
// local runner when Inngest is not configured.

export const CLEANUP_JOB_TYPE = "cleanup.expired";

/** The hour a time falls in, as the idempotency key names it: 2026-12-01T13. */
export function hourKey(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/**
 * Enqueues `cleanup.expired` for every organization once per hour: the idempotency key names
 * the hour, so a second firing within it (two processes, a cron retried) enqueues nothing.
 * The first organization's job also carries `global: true`: webhook deliveries belong to no
 * organization, so exactly one job of the hour cleans them. Returns how many were new.
 */
export async function enqueueHourlyCleanup(
  db: Db,
  now: Date,
  types: JobTypeList = jobTypes,
): Promise<number> {
  if (!getJobType(CLEANUP_JOB_TYPE, types)) return 0;
  const idempotencyKey = `${CLEANUP_JOB_TYPE}:${hourKey(now)}`;
  let created = 0;
  let cursor: string | undefined;
  let first = true;
  for (;;) {
    const organizations = await db.organization.findMany({
      select: { id: true },
      orderBy: { id: "asc" },
      take: 500,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
    });
    for (const { id } of organizations) {
      const { existing } = await enqueueJob(
        { db, actor: systemActor(id) },
        { jobType: CLEANUP_JOB_TYPE, idempotencyKey, payload: first ? { global: true } : {} },
        { now, types },
      );
      if (!existing) created += 1;
      first = false;
    }
    if (organizations.length < 500) return created;
    cursor = organizations.at(-1)!.id;
  }
}
