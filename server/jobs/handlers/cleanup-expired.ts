import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import type { JobRunContext, JobTypeDefinition } from "@/server/jobs/types";
import { recordEvent } from "@/server/services/events";

// cleanup.expired: removes what has outlived its use, in the job's organization only
// (docs/notifications.md, "Cleanup"). Each step is one statement; all run in one transaction
// with their events. `webhookEvents` belong to no organization: they are cleaned only by the
// job that says `global: true` (the hourly schedule sends one such job; any other job leaves
// them alone), and on a fixed retention a tenant's payload cannot shorten.

const DAY_MS = 24 * 60 * 60_000;
export const DEFAULT_RETENTION_DAYS = 30;
/** Webhook deliveries are kept this long, whatever a payload asks. */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;
/** A turn waiting for a tool call's approval longer than this times out. */
export const APPROVAL_TIMEOUT_MS = DAY_MS;
export const APPROVAL_TIMEOUT_MESSAGE = "No approval within 24 hours";

const payload = z.strictObject({
  /** How long finished jobs (completed, dead) are kept. */
  retentionDays: z.number().int().min(1).max(365).optional(),
  /** Also clean the system-wide tables (webhookEvents). */
  global: z.boolean().optional(),
});

type ExpiredAssignment = {
  id: string;
  userId: string;
  roleId: string;
  roleName: string;
  resourceType: string | null;
  resourceId: string | null;
  expiresAt: Date;
};

/** Deletes the organization's expired role assignments; one `role.unassigned` event each. */
async function removeExpiredAssignments(
  tx: Prisma.TransactionClient,
  actor: Actor,
  now: Date,
): Promise<number> {
  const removed = await tx.$queryRaw<ExpiredAssignment[]>`
    DELETE FROM "userRoles" AS ur USING "roles" AS r
    WHERE ur."roleId" = r."id" AND ur."organizationId" = ${actor.orgId} AND ur."expiresAt" < ${now}
    RETURNING ur."id", ur."userId", ur."roleId", r."name" AS "roleName",
      ur."resourceType", ur."resourceId", ur."expiresAt"`;
  // The same event an admin's removal records, flagged: the permission audit trail reads one
  // event type for "this assignment ended".
  for (const assignment of removed) {
    await recordEvent(tx, actor, {
      eventType: "role.unassigned",
      payload: {
        assignmentId: assignment.id,
        roleId: assignment.roleId,
        roleName: assignment.roleName,
        userId: assignment.userId,
        resourceType: assignment.resourceType,
        resourceId: assignment.resourceId,
        expired: true,
        expiresAt: assignment.expiresAt.toISOString(),
        reason: "expired",
      },
    });
  }
  return removed.length;
}

/** Deletes the organization's keys past their expiry (they authenticate nothing any more). */
async function removeExpiredApiKeys(
  tx: Prisma.TransactionClient,
  actor: Actor,
  now: Date,
): Promise<number> {
  const removed = await tx.$queryRaw<{ id: string; name: string; keyPrefix: string }[]>`
    DELETE FROM "apiKeys" WHERE "organizationId" = ${actor.orgId} AND "expiresAt" < ${now}
    RETURNING "id", "name", "keyPrefix"`;
  for (const key of removed) {
    await recordEvent(tx, actor, {
      eventType: "apiKey.deleted",
      payload: { apiKeyId: key.id, name: key.name, keyPrefix: key.keyPrefix, reason: "expired" },
    });
  }
  return removed.length;
}

async function cleanUp(input: z.output<typeof payload>, ctx: JobRunContext) {
  const now = ctx.now();
  const orgId = ctx.job.organizationId;
  const retentionDays = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const jobsBefore = new Date(now.getTime() - retentionDays * DAY_MS);
  const waitingSince = new Date(now.getTime() - APPROVAL_TIMEOUT_MS);
  return ctx.db.$transaction(async (tx) => {
    const roleAssignments = await removeExpiredAssignments(tx, ctx.actor, now);
    const apiKeys = await removeExpiredApiKeys(tx, ctx.actor, now);
    const jobs = await tx.job.deleteMany({
      where: {
        organizationId: orgId,
        status: { in: ["completed", "dead"] },
        id: { not: ctx.job.id },
        // A job that went dead without finishing an attempt has no completedAt.
        OR: [
          { completedAt: { lt: jobsBefore } },
          { completedAt: null, updatedAt: { lt: jobsBefore } },
        ],
      },
    });
    const approvals = await tx.execution.updateMany({
      where: {
        organizationId: orgId,
        status: "awaiting_approval",
        OR: [{ endedAt: { lt: waitingSince } }, { endedAt: null, createdAt: { lt: waitingSince } }],
      },
      data: { status: "timeout", errorMessage: APPROVAL_TIMEOUT_MESSAGE, endedAt: now },
    });
    const webhookEvents = input.global
      ? await tx.webhookEvent.deleteMany({
          where: {
            receivedAt: { lt: new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * DAY_MS) },
          },
        })
      : { count: 0 };
    const counts = {
      roleAssignments,
      apiKeys,
      webhookEvents: webhookEvents.count,
      jobs: jobs.count,
      approvals: approvals.count,
    };
    // One summary per run that changed something; an hourly run that found nothing says nothing.
    if (Object.values(counts).some((count) => count > 0)) {
      await recordEvent(tx, ctx.actor, {
        eventType: "cleanup.completed",
        payload: { jobId: ctx.job.id, retentionDays, ...counts },
      });
    }
    return counts;
  });
}

export const cleanupExpired: JobTypeDefinition<typeof payload> = {
  id: "cleanup.expired",
  description:
    "Removes expired role assignments and API keys, finished jobs past retention, and times out approvals waiting over 24 hours.",
  payload,
  defaultPriority: -10,
  defaultMaxAttempts: 3,
  handle: cleanUp,
};
