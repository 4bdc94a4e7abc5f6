import { describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { jobTypes } from "@/server/jobs/registry";
import { getJobOutcomes } from "@/server/services/jobs";
import { as, caught, fieldOf, walkPages } from "@/test/business";
import { callerFor } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// The jobs router: reads for any member (filters and cursor pages in SQL, counts per status,
// outcomes per UTC day from the audit log), changes for owners and admins through the queue.
// Jobs in states a runner would reach are written directly with Prisma, as the runner would.

function job(t: Tenant, data: Partial<Prisma.JobUncheckedCreateInput> = {}) {
  return testDb().job.create({
    data: { organizationId: t.org.id, jobType: "cleanup.expired", payload: {}, ...data },
  });
}

/** An audit-log entry as the runner writes one when an attempt ends. */
function outcome(t: Tenant, eventType: string, timestamp: Date) {
  return testDb().event.create({
    data: { organizationId: t.org.id, eventType, actorType: "system", timestamp },
  });
}

const at = (iso: string) => new Date(`${iso}Z`);

async function student(t: Tenant) {
  const owner = as(t, "owner");
  const type = await owner.entityTypes.create({
    name: "Student",
    slug: uid("student"),
    schema: { type: "object" },
  });
  return owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
}

describe("jobs.list and jobs.get", () => {
  it("filters by status, type and entity in SQL, newest first, and pages with the cursor", async () => {
    const t = await createTenant();
    const ada = await student(t);
    const base = Date.now() - 60_000;
    const made = [];
    for (let i = 0; i < 5; i += 1) {
      made.push(
        await job(t, {
          status: i % 2 === 0 ? "dead" : "pending",
          jobType: i < 3 ? "entity.process" : "cleanup.expired",
          ...(i === 0 && { entityId: ada.id, payload: { entityId: ada.id } }),
          createdAt: new Date(base + i * 1000),
        }),
      );
    }
    const member = as(t, "member");
    const ids = await walkPages(
      (cursor) => member.jobs.list({ limit: 2, ...(cursor && { cursor }) }),
      2,
    );
    expect(ids).toEqual(made.map((row) => row.id).reverse());

    const dead = await member.jobs.list({ status: "dead" });
    expect(dead.items.map((item) => item.id)).toEqual([made[4]!.id, made[2]!.id, made[0]!.id]);
    const deadProcess = await member.jobs.list({ status: "dead", jobType: "entity.process" });
    expect(deadProcess.items.map((item) => item.id)).toEqual([made[2]!.id, made[0]!.id]);
    // A filtered page of one is cut in SQL: the next page continues the filtered list.
    const first = await member.jobs.list({ status: "dead", limit: 1 });
    const second = await member.jobs.list({ status: "dead", limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual([made[2]!.id]);

    const aboutAda = await member.jobs.list({ entityId: ada.id });
    expect(aboutAda.items).toHaveLength(1);
    expect(aboutAda.items[0]).toMatchObject({
      id: made[0]!.id,
      entityId: ada.id,
      entityTypeSlug: expect.any(String),
      payload: { entityId: ada.id },
    });
    // A cursor that is not a record of the filtered list is refused, naming the cursor.
    const error = await caught(member.jobs.list({ status: "pending", cursor: made[0]!.id }));
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
  });

  it("get: the job with its payload, result, error and who enqueued it; a made-up id is not found", async () => {
    const t = await createTenant();
    const row = await job(t, {
      status: "failed",
      attempts: 1,
      maxAttempts: 4,
      errorMessage: "timeout talking to the webhook",
      result: { partial: true },
      actorContext: { actorType: "user", actorId: t.admin.id },
    });
    expect(await as(t, "member").jobs.get({ id: row.id })).toMatchObject({
      id: row.id,
      status: "failed",
      attempts: 1,
      maxAttempts: 4,
      errorMessage: "timeout talking to the webhook",
      result: { partial: true },
      entityTypeSlug: null,
      enqueuedBy: { actorType: "user", actorId: t.admin.id },
    });
    expect((await caught(as(t, "member").jobs.get({ id: uid("job") }))).code).toBe("NOT_FOUND");
  });

  it("refuses a page over 100 and a type name over 100 characters, naming the field", async () => {
    const t = await createTenant();
    const member = as(t, "member");
    expect(fieldOf(await caught(member.jobs.list({ limit: 101 })))).toBe("limit");
    expect(fieldOf(await caught(member.jobs.list({ jobType: "x".repeat(101) })))).toBe("jobType");
  });
});

describe("jobs.getStats", () => {
  it("counts the organization's jobs per status, every status listed", async () => {
    const t = await createTenant();
    const other = await createTenant();
    for (const status of ["pending", "pending", "running", "dead"] as const) {
      await job(t, { status });
    }
    await job(other, { status: "completed" });
    expect(await as(t, "member").jobs.getStats()).toEqual({
      total: 4,
      byStatus: { pending: 2, claimed: 0, running: 1, completed: 0, failed: 0, dead: 1 },
    });
  });
});

describe("jobs.getOutcomes", () => {
  it("counts completions, failed attempts and deaths per UTC day, every day of the period listed", async () => {
    const t = await createTenant();
    const other = await createTenant();
    const now = at("2026-03-10T12:00:00");
    await outcome(t, "job.completed", at("2026-03-10T00:00:00"));
    await outcome(t, "job.completed", at("2026-03-10T11:59:00"));
    await outcome(t, "job.failed", at("2026-03-09T23:59:59"));
    await outcome(t, "job.failed", at("2026-03-09T01:00:00"));
    await outcome(t, "job.dead", at("2026-03-08T10:00:00"));
    await outcome(t, "job.cancelled", at("2026-03-08T11:00:00"));
    // Not counted: before the period, other event types, another organization.
    await outcome(t, "job.completed", at("2026-03-07T23:59:59"));
    await outcome(t, "job.enqueued", at("2026-03-10T01:00:00"));
    await outcome(t, "job.retried", at("2026-03-10T01:00:00"));
    await outcome(other, "job.completed", at("2026-03-10T01:00:00"));
    const ctx = { db: testDb(), actor: { type: "system" as const, orgId: t.org.id } };
    expect(await getJobOutcomes(ctx, { days: 3 }, now)).toEqual([
      { day: "2026-03-08", completed: 0, failedAttempts: 0, dead: 2 },
      { day: "2026-03-09", completed: 0, failedAttempts: 2, dead: 0 },
      { day: "2026-03-10", completed: 2, failedAttempts: 0, dead: 0 },
    ]);
  });

  it("defaults to 14 days ending today, and refuses more than 90", async () => {
    const t = await createTenant();
    await outcome(t, "job.dead", new Date());
    const days = await as(t, "member").jobs.getOutcomes({});
    expect(days).toHaveLength(14);
    expect(days.at(-1)).toMatchObject({ day: new Date().toISOString().slice(0, 10), dead: 1 });
    expect(fieldOf(await caught(as(t, "member").jobs.getOutcomes({ days: 91 })))).toBe("days");
  });
});

describe("jobs.enqueue, retry and cancel", () => {
  it("an admin enqueues a registered type; the same idempotency key returns the first job", async () => {
    const t = await createTenant();
    const ada = await student(t);
    const admin = as(t, "admin");
    const input = {
      jobType: "entity.process",
      payload: { entityId: ada.id },
      entityId: ada.id,
      priority: 7,
      maxAttempts: 2,
      idempotencyKey: uid("key"),
    };
    const first = await admin.jobs.enqueue(input);
    expect(first).toMatchObject({
      existing: false,
      job: { jobType: "entity.process", status: "pending", priority: 7, maxAttempts: 2 },
    });
    expect(first.job).toMatchObject({ entityId: ada.id, entityTypeSlug: expect.any(String) });
    expect(first.job.enqueuedBy).toEqual({ actorType: "user", actorId: t.admin.id });
    const again = await admin.jobs.enqueue(input);
    expect(again).toMatchObject({ existing: true, job: { id: first.job.id } });
    expect(await testDb().job.count({ where: { organizationId: t.org.id } })).toBe(1);
  });

  it("refuses members, unknown types, a payload its type refuses and out-of-range numbers, writing nothing", async () => {
    const t = await createTenant();
    const member = await caught(as(t, "member").jobs.enqueue({ jobType: "cleanup.expired" }));
    expect(member.code).toBe("FORBIDDEN");
    const admin = as(t, "admin");
    const refusals = [
      [{ jobType: "no.such" }, "jobType"],
      [{ jobType: "x".repeat(101) }, "jobType"],
      [{ jobType: "entity.process", payload: {} }, "payload.entityId"],
      [{ jobType: "cleanup.expired", priority: 101 }, "priority"],
      [{ jobType: "cleanup.expired", maxAttempts: 0 }, "maxAttempts"],
      [{ jobType: "cleanup.expired", idempotencyKey: "k".repeat(201) }, "idempotencyKey"],
    ] as const;
    for (const [input, field] of refusals) {
      const error = await caught(admin.jobs.enqueue(input));
      expect([error.code, fieldOf(error)], JSON.stringify(input)).toEqual(["BAD_REQUEST", field]);
    }
    expect(await testDb().job.count({ where: { organizationId: t.org.id } })).toBe(0);
  });

  it("retry and cancel: owners and admins, in the states that allow them, with their events", async () => {
    const t = await createTenant();
    const failed = await job(t, { status: "failed", attempts: 2, errorMessage: "boom" });
    const completed = await job(t, { status: "completed" });
    const forbidden = await caught(as(t, "member").jobs.retry({ id: failed.id }));
    expect(forbidden.code).toBe("FORBIDDEN");
    expect((await caught(as(t, "member").jobs.cancel({ id: failed.id }))).code).toBe("FORBIDDEN");

    const retried = await as(t, "admin").jobs.retry({ id: failed.id });
    expect(retried).toMatchObject({ id: failed.id, status: "pending", attempts: 0 });
    expect(retried.errorMessage).toBeNull();
    const cancelled = await as(t, "owner").jobs.cancel({ id: failed.id });
    expect(cancelled).toMatchObject({ id: failed.id, status: "dead" });
    expect(cancelled.errorMessage).toMatch(/^Cancelled by user/);
    const events = await testDb().event.findMany({
      where: { organizationId: t.org.id, eventType: { startsWith: "job." } },
      orderBy: { timestamp: "asc" },
    });
    expect(events.map((event) => event.eventType)).toEqual(["job.retried", "job.cancelled"]);

    expect((await caught(as(t, "admin").jobs.retry({ id: completed.id }))).code).toBe("CONFLICT");
    expect((await caught(as(t, "admin").jobs.cancel({ id: completed.id }))).code).toBe("CONFLICT");
  });
});

describe("jobs.types and the runner on the status card", () => {
  it("lists the registry's types with their defaults", async () => {
    const t = await createTenant();
    const types = await as(t, "member").jobs.types();
    expect(types.map((type) => type.id)).toEqual(jobTypes.map((type) => type.id));
    expect(types.find((type) => type.id === "entity.process")).toMatchObject({
      description: expect.any(String),
      defaultPriority: expect.any(Number),
      defaultMaxAttempts: expect.any(Number),
    });
  });

  it("system.health names the job runner (none: no runner runs in this test process)", async () => {
    const t = await createTenant();
    const health = await callerFor({ userId: t.member.id, orgId: t.org.id }).system.health();
    expect(health).toMatchObject({ database: "ok", jobRunner: "none" });
  });

  it("system.health is for signed-in callers only: how jobs run is nobody else's business", async () => {
    expect((await caught(callerFor(null).system.health())).code).toBe("UNAUTHORIZED");
  });
});
