import type { Job, JobStatus, Prisma } from "@/generated/prisma/client";
import { serializedSize, tooLarge } from "@/lib/input-limits";
import { actorRef, type Actor } from "@/server/auth/actor";
import { isUniqueViolation } from "@/server/db/errors";
import { dispatchEnqueued } from "@/server/jobs/dispatch";
import { JOB_LIMITS, clockOf, type Clock } from "@/server/jobs/limits";
import { getJobType, jobTypes, type JobTypeList } from "@/server/jobs/registry";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { findEntity } from "@/server/services/entities";
import { recordEvent } from "@/server/services/events";

// The job state machine's entry points for people, agents and the system (docs/jobs.md):
// enqueue, retry, cancel. The runners' side (claim, run, release) lives in claim.ts and run.ts
// and is re-exported here, so this module is the one API of the state machine.

export { claimDueJobs, releaseClaims } from "@/server/jobs/claim";
export { runClaimedJob, runJobById } from "@/server/jobs/run";

export type EnqueueInput = {
  jobType: string;
  payload?: unknown;
  priority?: number;
  maxAttempts?: number;
  scheduledFor?: Date;
  idempotencyKey?: string;
  entityId?: string;
};

export type JobOptions = { now?: Date | Clock; types?: JobTypeList };

/** Users enqueue as owners or admins; agents and the system may; keys and webhooks may not. */
function requireEnqueuer(actor: Actor): void {
  if (actor.type === "system" || actor.type === "agent") return;
  if (actor.type === "user") return requireOrgAdmin(actor, "enqueue jobs");
  throw forbidden("Jobs are enqueued by organization owners and admins, agents or the system");
}

function boundedInteger(value: number, field: string, bounds: { min: number; max: number }) {
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw badRequest(`${field}: must be an integer from ${bounds.min} to ${bounds.max}`, field);
  }
  return value;
}

/** The row to insert, or a 400 naming the field; nothing is written before this passes. */
function validate(input: EnqueueInput, now: Date, types: JobTypeList) {
  const type = getJobType(input.jobType, types);
  if (!type) throw badRequest(`jobType: unknown job type "${input.jobType}"`, "jobType");
  const payload = input.payload ?? {};
  const parsed = type.payload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ["payload", ...issue.path.map(String)].join(".");
    throw badRequest(`${field}: ${issue.message}`, field);
  }
  if (serializedSize(payload) > JOB_LIMITS.payloadBytes) {
    throw badRequest(`payload: ${tooLarge(JOB_LIMITS.payloadBytes)}`, "payload");
  }
  const scheduledFor = input.scheduledFor ?? now;
  if (Number.isNaN(scheduledFor.getTime())) {
    throw badRequest("scheduledFor: must be a valid date", "scheduledFor");
  }
  if (scheduledFor.getTime() - now.getTime() > JOB_LIMITS.maxScheduleAheadMs) {
    throw badRequest("scheduledFor: must be at most a year ahead", "scheduledFor");
  }
  const key = input.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > JOB_LIMITS.idempotencyKeyLength)) {
    const max = JOB_LIMITS.idempotencyKeyLength;
    throw badRequest(`idempotencyKey: must be 1 to ${max} characters`, "idempotencyKey");
  }
  return {
    jobType: type.id,
    // Stored as given, not as parsed: the handler parses it again, so a schema that transforms
    // (strings to dates) reads its own input, never its output.
    payload: payload as Prisma.InputJsonValue,
    priority: boundedInteger(
      input.priority ?? type.defaultPriority,
      "priority",
      JOB_LIMITS.priority,
    ),
    maxAttempts: boundedInteger(
      input.maxAttempts ?? type.defaultMaxAttempts,
      "maxAttempts",
      JOB_LIMITS.maxAttempts,
    ),
    scheduledFor,
    idempotencyKey: key ?? null,
  };
}

async function existingByKey(ctx: ServiceContext, key: string | null): Promise<Job | null> {
  if (key === null) return null;
  return ctx.db.job.findUnique({
    where: {
      organizationId_idempotencyKey: { organizationId: ctx.actor.orgId, idempotencyKey: key },
    },
  });
}

/**
 * Adds a job. With an idempotency key already used in the organization, the job that has it is
 * returned unchanged (`existing: true`), whatever its status. The runner is told after commit.
 */
export async function enqueueJob(
  ctx: ServiceContext,
  input: EnqueueInput,
  options: JobOptions = {},
): Promise<{ job: Job; existing: boolean }> {
  requireEnqueuer(ctx.actor);
  const now = clockOf(options.now)();
  const row = validate(input, now, options.types ?? jobTypes);
  const earlier = await existingByKey(ctx, row.idempotencyKey);
  if (earlier) return { job: earlier, existing: true };
  if (input.entityId !== undefined) await findEntity(ctx.db, ctx.actor.orgId, input.entityId);

  let job: Job;
  try {
    job = await ctx.db.$transaction(async (tx) => {
      const created = await tx.job.create({
        data: {
          ...row,
          organizationId: ctx.actor.orgId,
          entityId: input.entityId ?? null,
          status: "pending",
          actorContext: actorRef(ctx.actor),
          createdAt: now,
          updatedAt: now,
        },
      });
      await recordEvent(tx, ctx.actor, {
        eventType: "job.enqueued",
        entityId: created.entityId,
        payload: {
          jobId: created.id,
          jobType: created.jobType,
          priority: created.priority,
          scheduledFor: created.scheduledFor.toISOString(),
          ...(created.idempotencyKey !== null && { idempotencyKey: created.idempotencyKey }),
        },
      });
      return created;
    });
  } catch (error) {
    // Another enqueue with the same key committed between our read and our insert.
    const winner = isUniqueViolation(error) ? await existingByKey(ctx, row.idempotencyKey) : null;
    if (winner) return { job: winner, existing: true };
    throw error;
  }
  await dispatchEnqueued(job);
  return { job, existing: false };
}

async function findJob(ctx: ServiceContext, id: string): Promise<Job> {
  const job = await ctx.db.job.findFirst({ where: { id, organizationId: ctx.actor.orgId } });
  if (!job) throw notFound("Job");
  return job;
}

/**
 * Moves a job from the status it was read in, in one transaction with its event. The UPDATE is
 * guarded by that status: a change that happened meanwhile (a runner finishing, another cancel)
 * is not overwritten, and the caller gets a 409.
 */
async function transition(
  ctx: ServiceContext,
  job: Job,
  data: Prisma.JobUpdateManyMutationInput,
  event: { eventType: string; payload: Prisma.InputJsonValue },
): Promise<Job> {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: { id: job.id, organizationId: ctx.actor.orgId, status: job.status },
      data,
    });
    if (count === 0) throw conflict("The job changed meanwhile; reload it and try again");
    await recordEvent(tx, ctx.actor, { ...event, entityId: job.entityId });
    return tx.job.findUniqueOrThrow({ where: { id: job.id } });
  });
}

const RETRYABLE: JobStatus[] = ["failed", "dead"];
const FINISHED: JobStatus[] = ["completed", "dead"];
const RELEASED = { claimedBy: null, claimedAt: null, leaseExpiresAt: null };

/** A failed or dead job starts over: pending, no attempts used, due now. */
export async function retryJob(ctx: ServiceContext, id: string, options: JobOptions = {}) {
  requireOrgAdmin(ctx.actor, "retry jobs");
  const job = await findJob(ctx, id);
  if (!RETRYABLE.includes(job.status)) {
    throw conflict(`Only failed or dead jobs can be retried; this job is ${job.status}`);
  }
  const now = clockOf(options.now)();
  const retried = await transition(
    ctx,
    job,
    {
      ...RELEASED,
      status: "pending",
      attempts: 0,
      scheduledFor: now,
      errorMessage: null,
      startedAt: null,
      completedAt: null,
      updatedAt: now,
    },
    {
      eventType: "job.retried",
      payload: { jobId: job.id, jobType: job.jobType, previousStatus: job.status },
    },
  );
  await dispatchEnqueued(retried);
  return retried;
}

/**
 * Ends a job that has not ended: dead, "Cancelled by …". A running attempt is not interrupted,
 * but its finish is guarded by the claim and the running status, so it cannot undo this.
 */
export async function cancelJob(ctx: ServiceContext, id: string, options: JobOptions = {}) {
  requireOrgAdmin(ctx.actor, "cancel jobs");
  const job = await findJob(ctx, id);
  if (FINISHED.includes(job.status)) {
    throw conflict(`Completed or dead jobs cannot be cancelled; this job is ${job.status}`);
  }
  const now = clockOf(options.now)();
  const { actorType, actorId } = actorRef(ctx.actor);
  const errorMessage = `Cancelled by ${actorType}${actorId ? ` ${actorId}` : ""}`;
  return transition(
    ctx,
    job,
    { ...RELEASED, status: "dead", errorMessage, completedAt: now, updatedAt: now },
    {
      eventType: "job.cancelled",
      payload: { jobId: job.id, jobType: job.jobType, previousStatus: job.status },
    },
  );
}
