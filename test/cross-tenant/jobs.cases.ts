import { expect } from "vitest";
import {
  expectNotFound,
  withSetup,
  type CrossTenantCases,
  type CrossTenantContext,
} from "@/test/cross-tenant/harness";
import { testDb, uid } from "@/test/db";

// Cross-tenant cases of the jobs router. B's jobs (one failed, one pending about B's record, one
// with an idempotency key) and B's outcome events are written in the setup, as its runner
// would; A's reads must not show them, A's changes must answer NOT_FOUND, and A's enqueue with
// B's key or B's record id makes nothing of B's.

async function seedB({ b }: CrossTenantContext) {
  const db = testDb();
  const orgId = b.org.id;
  const type = await db.entityType.create({
    data: { organizationId: orgId, name: "B's", slug: uid("b"), schema: { type: "object" } },
  });
  const entity = await db.entity.create({
    data: { organizationId: orgId, entityTypeId: type.id, data: { name: "B's" } },
  });
  const key = uid("key");
  const jobType = "entity.process";
  const failed = await db.job.create({
    data: { organizationId: orgId, jobType, status: "failed", errorMessage: "boom" },
  });
  const pending = await db.job.create({
    data: { organizationId: orgId, jobType, entityId: entity.id, payload: { entityId: entity.id } },
  });
  await db.job.create({
    data: { organizationId: orgId, jobType: "cleanup.expired", idempotencyKey: key },
  });
  await db.event.create({
    data: { organizationId: orgId, eventType: "job.dead", actorType: "system" },
  });
  return { failed, pending, entity, key };
}

type Seed = Awaited<ReturnType<typeof seedB>>;
const onB = (run: (t: CrossTenantContext, seed: Seed) => Promise<void>) => withSetup(seedB, run);

export const cases: CrossTenantCases = {
  "jobs.list": onB(async ({ asOwnerOfA }, { pending }) => {
    expect((await asOwnerOfA.jobs.list({})).items).toEqual([]);
    expect((await asOwnerOfA.jobs.list({ entityId: pending.entityId! })).items).toEqual([]);
    // B's job as A's cursor: not a record of A's list.
    const error = await asOwnerOfA.jobs.list({ cursor: pending.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
  }),
  "jobs.get": onB(({ asOwnerOfA }, { pending }) =>
    expectNotFound(asOwnerOfA.jobs.get({ id: pending.id })),
  ),
  "jobs.getStats": onB(async ({ asOwnerOfA }) => {
    expect((await asOwnerOfA.jobs.getStats()).total).toBe(0);
  }),
  "jobs.getOutcomes": onB(async ({ asOwnerOfA }) => {
    const days = await asOwnerOfA.jobs.getOutcomes({ days: 1 });
    expect(days).toEqual([expect.objectContaining({ completed: 0, failedAttempts: 0, dead: 0 })]);
  }),
  "jobs.types": async ({ asOwnerOfA }) => {
    expect((await asOwnerOfA.jobs.types()).length).toBeGreaterThan(0);
  },
  "jobs.enqueue": onB(async ({ a, asOwnerOfA }, { entity, key }) => {
    // B's record is not found in A.
    await expectNotFound(
      asOwnerOfA.jobs.enqueue({
        jobType: "entity.process",
        payload: { entityId: entity.id },
        entityId: entity.id,
      }),
    );
    // B's idempotency key is free in A: the job made is A's own, not B's returned.
    const made = await asOwnerOfA.jobs.enqueue({ jobType: "cleanup.expired", idempotencyKey: key });
    expect(made.existing).toBe(false);
    const stored = await testDb().job.findUniqueOrThrow({ where: { id: made.job.id } });
    expect(stored.organizationId).toBe(a.org.id);
  }),
  "jobs.retry": onB(({ asOwnerOfA }, { failed }) =>
    expectNotFound(asOwnerOfA.jobs.retry({ id: failed.id })),
  ),
  "jobs.cancel": onB(({ asOwnerOfA }, { pending }) =>
    expectNotFound(asOwnerOfA.jobs.cancel({ id: pending.id })),
  ),
};
