import { z } from "zod";
import { JOB_LIMITS } from "@/server/jobs/limits";
import { jsonObject, jsonValue } from "@/server/routers/business-schemas";

// Input and output schemas of the jobs router (docs/jobs.md). A job's payload is a JSON object
// of at most 64 KiB; the job type's own payload schema is checked by the queue at enqueue.

const id = z.string().min(1).max(100);

export const jobStatus = z.enum(["pending", "claimed", "running", "completed", "failed", "dead"]);
export const JOB_STATUSES = jobStatus.options;

/** How many days of outcomes the chart may ask for (default 14). */
export const OUTCOME_DAYS = { min: 1, max: 90, fallback: 14 } as const;
const { priority, maxAttempts } = JOB_LIMITS;

export const listJobsInput = z.object({
  status: jobStatus.optional(),
  jobType: z.string().min(1).max(100).optional(),
  entityId: id.optional(),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export const jobIdInput = z.object({ id });
export const enqueueJobInput = z.object({
  jobType: z.string().min(1).max(100),
  payload: jsonObject.optional(),
  priority: z.number().int().min(priority.min).max(priority.max).optional(),
  maxAttempts: z.number().int().min(maxAttempts.min).max(maxAttempts.max).optional(),
  scheduledFor: z.date().optional(),
  idempotencyKey: z.string().min(1).max(JOB_LIMITS.idempotencyKeyLength).optional(),
  entityId: id.optional(),
});
export const jobOutcomesInput = z.object({
  days: z.number().int().min(OUTCOME_DAYS.min).max(OUTCOME_DAYS.max).optional(),
});

// ---- Outputs --------------------------------------------------------------------------------

const count = z.number().int();

export const jobOutput = z.object({
  id: z.string(),
  jobType: z.string(),
  status: jobStatus,
  priority: count,
  payload: jsonValue,
  result: jsonValue.nullable(),
  errorMessage: z.string().nullable(),
  attempts: count,
  maxAttempts: count,
  scheduledFor: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  entityId: z.string().nullable(),
  /** The slug of the entity's type, for a link to it (null without a live entity). */
  entityTypeSlug: z.string().nullable(),
  /** Who enqueued it. */
  enqueuedBy: z.object({ actorType: z.string(), actorId: z.string().nullable() }).nullable(),
});

export const jobPageOutput = z.object({
  items: z.array(jobOutput),
  nextCursor: z.string().nullable(),
});

export const enqueueJobOutput = z.object({ job: jobOutput, existing: z.boolean() });

export const jobStatsOutput = z.object({
  total: count,
  byStatus: z.object(
    Object.fromEntries(JOB_STATUSES.map((status) => [status, count])) as Record<
      z.infer<typeof jobStatus>,
      typeof count
    >,
  ),
});

export const jobOutcomesOutput = z.array(
  z.object({ day: z.string(), completed: count, failedAttempts: count, dead: count }),
);

export const jobTypesOutput = z.array(
  z.object({
    id: z.string(),
    description: z.string(),
    defaultPriority: count,
    defaultMaxAttempts: count,
  }),
);
