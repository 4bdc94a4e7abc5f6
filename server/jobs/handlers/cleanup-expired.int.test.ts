import { describe, expect, it } from "vitest";
import type { JobStatus } from "@/generated/prisma/client";
import { APPROVAL_TIMEOUT_MESSAGE, cleanupExpired } from "@/server/jobs/handlers/cleanup-expired";
import { testDb, uid } from "@/test/db";
import { createAgent, createMember, createOrganization, createRole } from "@/test/factories";
import { jobContext } from "@/test/job-context";

// cleanup.expired on a real database: exact counts, only the job's organization touched, and
// webhook deliveries only by the job that says `global`.

const DAY = 24 * 60 * 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

/** An organization with one expired and some live rows of every kind the cleanup looks at. */
async function seed() {
  const org = await createOrganization();
  const db = testDb();
  const [user, role, agent] = [
    await createMember(org.id),
    await createRole(org.id),
    await createAgent(org.id),
  ];
  const assignment = (expiresAt: Date | null, resourceId: string) =>
    db.userRole.create({
      data: {
        organizationId: org.id,
        userId: user.id,
        roleId: role.id,
        expiresAt,
        resourceType: "x",
        resourceId,
      },
    });
  const expiredAssignment = await assignment(ago(60_000), "expired");
  await assignment(ahead(DAY), "future");
  await assignment(null, "forever");

  const key = (expiresAt: Date | null) =>
    db.apiKey.create({
      data: {
        organizationId: org.id,
        name: uid("key"),
        keyHash: uid("hash"),
        keyPrefix: "af_test_",
        environment: "development",
        expiresAt,
      },
    });
  const expiredKey = await key(ago(60_000));
  await key(ahead(DAY));
  await key(null);

  const job = (
    status: JobStatus,
    completedAt: Date | null,
    updatedAt = completedAt ?? new Date(),
  ) =>
    db.job.create({
      data: { organizationId: org.id, jobType: "entity.process", status, completedAt, updatedAt },
    });
  const oldCompleted = await job("completed", ago(31 * DAY));
  const oldDead = await job("dead", null, ago(31 * DAY));
  await job("completed", ago(29 * DAY));
  await job("pending", null, ago(40 * DAY));
  await job("failed", null, ago(40 * DAY));

  const execution = (status: "awaiting_approval" | "running", createdAt: Date) =>
    db.execution.create({
      data: {
        organizationId: org.id,
        agentId: agent.id,
        environment: "development",
        status,
        createdAt,
      },
    });
  const staleApproval = await execution("awaiting_approval", ago(25 * 60 * 60_000));
  const freshApproval = await execution("awaiting_approval", ago(60 * 60_000));
  await execution("running", ago(2 * DAY));

  return {
    org,
    expiredAssignment,
    expiredKey,
    oldCompleted,
    oldDead,
    staleApproval,
    freshApproval,
  };
}

/** Every row of the organization the cleanup could touch, as a comparable snapshot. */
async function snapshot(orgId: string) {
  const db = testDb();
  const where = { organizationId: orgId };
  return JSON.stringify([
    await db.userRole.findMany({ where, orderBy: { id: "asc" } }),
    await db.apiKey.findMany({ where, orderBy: { id: "asc" } }),
    await db.job.findMany({ where, orderBy: { id: "asc" } }),
    await db.execution.findMany({ where, orderBy: { id: "asc" } }),
  ]);
}

const run = async (orgId: string, payload: { retentionDays?: number; global?: boolean } = {}) => {
  const ctx = await jobContext(orgId, { jobType: "cleanup.expired", payload });
  return { ctx, result: await cleanupExpired.handle(payload, ctx) };
};

describe("cleanup.expired", () => {
  it("removes exactly what expired in its own organization, and records it", async () => {
    const [a, b] = [await seed(), await seed()];
    const before = await snapshot(b.org.id);
    const { ctx, result } = await run(a.org.id);
    expect(result).toEqual({
      roleAssignments: 1,
      apiKeys: 1,
      webhookEvents: 0,
      jobs: 2,
      approvals: 1,
    });

    const db = testDb();
    expect(await db.userRole.count({ where: { id: a.expiredAssignment.id } })).toBe(0);
    expect(await db.userRole.count({ where: { organizationId: a.org.id } })).toBe(2);
    expect(await db.apiKey.count({ where: { id: a.expiredKey.id } })).toBe(0);
    expect(await db.apiKey.count({ where: { organizationId: a.org.id } })).toBe(2);
    expect(await db.job.count({ where: { id: { in: [a.oldCompleted.id, a.oldDead.id] } } })).toBe(
      0,
    );
    // Three seeded jobs kept (recent, pending, failed) and the running cleanup job itself.
    expect(await db.job.count({ where: { organizationId: a.org.id } })).toBe(4);
    expect(
      await db.execution.findUniqueOrThrow({ where: { id: a.staleApproval.id } }),
    ).toMatchObject({
      status: "timeout",
      errorMessage: APPROVAL_TIMEOUT_MESSAGE,
    });
    expect(
      (await db.execution.findUniqueOrThrow({ where: { id: a.freshApproval.id } })).status,
    ).toBe("awaiting_approval");

    const events = await db.event.findMany({
      where: { organizationId: a.org.id },
      orderBy: { timestamp: "asc" },
    });
    expect(events.map((event) => event.eventType).sort()).toEqual([
      "apiKey.deleted",
      "cleanup.completed",
      "role.unassigned",
    ]);
    expect(events.every((event) => event.actorType === "system")).toBe(true);
    expect(events.find((event) => event.eventType === "role.unassigned")!.payload).toMatchObject({
      assignmentId: a.expiredAssignment.id,
      expired: true,
      reason: "expired",
    });
    expect(events.find((event) => event.eventType === "apiKey.deleted")!.payload).toMatchObject({
      apiKeyId: a.expiredKey.id,
      reason: "expired",
    });
    expect(events.find((event) => event.eventType === "cleanup.completed")!.payload).toMatchObject({
      jobId: ctx.job.id,
      ...result,
    });

    // The other organization: not a row changed.
    expect(await snapshot(b.org.id)).toBe(before);

    // Run again: nothing left, and nothing recorded.
    expect((await run(a.org.id)).result).toEqual({
      roleAssignments: 0,
      apiKeys: 0,
      webhookEvents: 0,
      jobs: 0,
      approvals: 0,
    });
    expect(await db.event.count({ where: { organizationId: a.org.id } })).toBe(3);
  });

  it("keeps finished jobs for retentionDays, and never deletes its own job", async () => {
    const org = await createOrganization();
    const db = testDb();
    const finished = await db.job.create({
      data: {
        organizationId: org.id,
        jobType: "x",
        status: "completed",
        completedAt: ago(3 * DAY),
      },
    });
    // A cleanup job recorded as finished long ago (as a runner that marks it early would).
    const ctx = await jobContext(org.id, {
      jobType: "cleanup.expired",
      status: "completed",
      completedAt: ago(10 * DAY),
      payload: { retentionDays: 2 },
    });
    expect(await cleanupExpired.handle({ retentionDays: 2 }, ctx)).toMatchObject({ jobs: 1 });
    expect(await db.job.count({ where: { id: finished.id } })).toBe(0);
    expect(await db.job.count({ where: { id: ctx.job.id } })).toBe(1);
  });

  it("cleans webhook deliveries past 30 days only when the job is global", async () => {
    const db = testDb();
    const delivery = (receivedAt: Date) =>
      db.webhookEvent.create({
        data: {
          source: "clerk",
          externalId: uid("msg"),
          type: "user.created",
          status: "processed",
          receivedAt,
        },
      });
    const old = await delivery(ago(31 * DAY));
    const recent = await delivery(ago(29 * DAY));
    const org = await createOrganization();
    expect((await run(org.id, { retentionDays: 1 })).result.webhookEvents).toBe(0);
    expect(await db.webhookEvent.count({ where: { id: old.id } })).toBe(1);
    // A short retentionDays shortens the jobs' retention, never the deliveries'.
    const { result } = await run(org.id, { global: true, retentionDays: 1 });
    expect(result.webhookEvents).toBeGreaterThanOrEqual(1);
    expect(await db.webhookEvent.count({ where: { id: old.id } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { id: recent.id } })).toBe(1);
  });

  it("bounds its payload", () => {
    const schema = cleanupExpired.payload;
    expect(schema.safeParse({}).success).toBe(true);
    expect(schema.safeParse({ retentionDays: 0 }).success).toBe(false);
    expect(schema.safeParse({ retentionDays: 366 }).success).toBe(false);
    expect(schema.safeParse({ retentionDays: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ olderThan: 3 }).success).toBe(false);
  });
});
