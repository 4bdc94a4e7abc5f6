import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { buildSearchText } from "@/server/services/search-text";
import { as, createType, eventsOf } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { callerFor } from "@/test/callers";
import { createMember, createTenant } from "@/test/factories";

// Read-modify-writes under concurrency: each reads a row, decides, and writes what it decided
// under the row's lock, so concurrent writes neither lose each other's changes nor act on a row
// deleted meanwhile.
//
// PostgreSQL only: PGlite is one connection, so its transactions run one after another and
// cannot overlap; these races need several connections.
const postgres = Boolean(process.env.DATABASE_URL);

/**
 * Runs `call` while another connection holds a transaction that ran `sql` and has not committed
 * yet, commits it after half a second, and reports whether the call was still waiting then and
 * how it ended (`done` or the error code).
 */
async function whileOpen(sql: string, params: unknown[], call: () => Promise<unknown>) {
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  try {
    await other.query("BEGIN");
    await other.query(sql, params);
    const settled = call().then(
      () => "done",
      (error: { code?: string }) => error.code ?? String(error),
    );
    const early = await Promise.race([settled, delay(500).then(() => "waiting")]);
    await other.query("COMMIT");
    return { early, settled: await settled };
  } finally {
    await other.end();
  }
}

describe.runIf(postgres)("entities.update under concurrency (PostgreSQL)", () => {
  it("updates of different keys of one record all survive", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const entity = await owner.entities.create({ entityTypeId: type.id, data: { base: 0 } });
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    await Promise.all(
      keys.map((key, i) =>
        as(t, i % 2 ? "owner" : "admin").entities.update({ id: entity.id, data: { [key]: i } }),
      ),
    );
    const stored = await owner.entities.get({ id: entity.id });
    expect(stored.data).toEqual({ base: 0, ...Object.fromEntries(keys.map((k, i) => [k, i])) });
    const updates = await eventsOf(t.org.id, { eventType: `${type.slug}.updated` });
    expect(updates).toHaveLength(keys.length);
  });

  it("an update racing a delete either runs before it or is not found: no .updated after .deleted", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const entities = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        owner.entities.create({ entityTypeId: type.id, data: { n: i } }),
      ),
    );
    const results = await Promise.all(
      entities.map(async (entity) => {
        const [update, remove] = await Promise.allSettled([
          as(t, "admin").entities.update({ id: entity.id, data: { touched: true } }),
          owner.entities.remove({ id: entity.id }),
        ]);
        return { entity, update, remove };
      }),
    );
    for (const { entity, update, remove } of results) {
      expect(remove.status).toBe("fulfilled");
      const events = (await eventsOf(t.org.id, { entityId: entity.id })).map((e) => e.eventType);
      if (update.status === "fulfilled") {
        // It ran on the live record, before the delete.
        expect(update.value.deletedAt).toBeNull();
        expect(events.filter((type) => type.endsWith(".updated"))).toHaveLength(1);
      } else {
        expect(update.reason).toMatchObject({ code: "NOT_FOUND" });
        expect(events.filter((type) => type.endsWith(".updated"))).toHaveLength(0);
      }
    }
  });
});

describe.runIf(postgres)("entities.link under concurrency (PostgreSQL)", () => {
  it("a link waits for a delete of its target in progress, and then finds no record to link", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const from = await owner.entities.create({ entityTypeId: type.id, data: {} });
    const to = await owner.entities.create({ entityTypeId: type.id, data: {} });
    // A delete of the target, begun on another connection and not committed yet.
    const outcome = await whileOpen(
      `UPDATE "entities" SET "deletedAt" = now() WHERE "id" = $1`,
      [to.id],
      () => as(t, "admin").entities.link({ fromId: from.id, toId: to.id, relationType: "knows" }),
    );
    expect(outcome).toEqual({ early: "waiting", settled: "NOT_FOUND" });
    expect(await testDb().entityRelation.count({ where: { fromEntityId: from.id } })).toBe(0);
    expect(await eventsOf(t.org.id, { eventType: "entity.linked" })).toHaveLength(0);
  });
});

describe.runIf(postgres)("owners under concurrency (PostgreSQL)", () => {
  /** Tenants with two owners: the tenant's owner and its admin promoted. */
  async function twoOwners() {
    const t = await createTenant();
    await testDb().membership.update({
      where: { userId_organizationId: { userId: t.admin.id, organizationId: t.org.id } },
      data: { role: "owner" },
    });
    return t;
  }
  const owners = (orgId: string) =>
    testDb().membership.count({ where: { organizationId: orgId, role: "owner" } });

  it("two owners demoting each other at once leave one owner", async () => {
    for (let round = 0; round < 6; round += 1) {
      const t = await twoOwners();
      const results = await Promise.allSettled([
        as(t, "owner").memberships.changeRole({ userId: t.admin.id, role: "admin" }),
        as(t, "admin").memberships.changeRole({ userId: t.owner.id, role: "member" }),
      ]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect(await owners(t.org.id)).toBe(1);
    }
  });

  it("two owners removing each other, or leaving, at once leave one owner", async () => {
    for (let round = 0; round < 4; round += 1) {
      const removing = await twoOwners();
      await Promise.allSettled([
        as(removing, "owner").memberships.remove({ userId: removing.admin.id }),
        as(removing, "admin").memberships.remove({ userId: removing.owner.id }),
      ]);
      expect(await owners(removing.org.id)).toBe(1);
      const leaving = await twoOwners();
      await Promise.allSettled([
        as(leaving, "owner").memberships.leave(),
        as(leaving, "admin").memberships.leave(),
      ]);
      expect(await owners(leaving.org.id)).toBe(1);
      const deleting = await twoOwners();
      await Promise.allSettled([
        as(deleting, "owner").users.remove({ id: deleting.owner.id }),
        as(deleting, "admin").users.remove({ id: deleting.admin.id }),
      ]);
      expect(await owners(deleting.org.id)).toBe(1);
    }
  });

  it("an owner being demoted meanwhile waits, then no longer changes owners", async () => {
    const t = await twoOwners();
    const third = await createMember(t.org.id, "owner");
    const caller = callerFor({ userId: third.id, orgId: t.org.id });
    const outcome = await whileOpen(
      `UPDATE "memberships" SET "role" = 'admin' WHERE "userId" = $1 AND "organizationId" = $2`,
      [third.id, t.org.id],
      () => caller.memberships.changeRole({ userId: t.admin.id, role: "member" }),
    );
    expect(outcome).toEqual({ early: "waiting", settled: "FORBIDDEN" });
    expect(await owners(t.org.id)).toBe(2);
  });
});

describe.runIf(postgres)("organizations.update under concurrency (PostgreSQL)", () => {
  it("an admin's write of the plan it read cannot undo an owner's plan change made meanwhile", async () => {
    const t = await createTenant();
    // The owner's change to pro, not committed yet; the admin submits the form it loaded (free).
    const outcome = await whileOpen(
      `UPDATE "organizations" SET "plan" = 'pro' WHERE "id" = $1`,
      [t.org.id],
      () => as(t, "admin").organizations.update({ id: t.org.id, name: "Renamed", plan: "free" }),
    );
    expect(outcome).toEqual({ early: "waiting", settled: "FORBIDDEN" });
    const stored = await testDb().organization.findUniqueOrThrow({ where: { id: t.org.id } });
    expect([stored.plan, stored.name]).toEqual(["pro", t.org.name]);
  });
});

describe.runIf(postgres)("entityTypes.update under concurrency (PostgreSQL)", () => {
  it("a search-fields change and entity writes at once: every record's search text follows its data and the final fields", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, {
      schema: { type: "object" },
      searchFields: ["b"],
    });
    const entities = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        owner.entities.create({ entityTypeId: type.id, data: { a: `old${i}`, b: `bee${i}` } }),
      ),
    );
    await Promise.all([
      as(t, "admin").entityTypes.update({ id: type.id, searchFields: ["a"] }),
      ...entities.map((entity, i) =>
        owner.entities.update({ id: entity.id, data: { a: `new${i}` } }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        owner.entities.create({ entityTypeId: type.id, data: { a: `created${i}`, b: "x" } }),
      ),
    ]);
    const stored = await testDb().entity.findMany({ where: { entityTypeId: type.id } });
    const fields = (await testDb().entityType.findUniqueOrThrow({ where: { id: type.id } }))
      .searchFields;
    expect(fields).toEqual(["a"]);
    for (const entity of stored) {
      expect(entity.searchText).toBe(
        buildSearchText(entity.data as Record<string, unknown>, fields),
      );
    }
  });
});

describe.runIf(postgres)("roles, policies and API keys under concurrency (PostgreSQL)", () => {
  it("a policy change decided on what it read waits for a change in progress, and is applied after it", async () => {
    const t = await createTenant();
    const role = await as(t, "owner").roles.create({ name: uid("Role") });
    const policy = await as(t, "owner").roles.addPolicy({
      roleId: role.id,
      resource: "*",
      action: "read",
      effect: "allow",
    });
    // Someone denies; meanwhile an admin asks for allow, which the policy was when read.
    const outcome = await whileOpen(
      `UPDATE "policies" SET "effect" = 'deny' WHERE "id" = $1`,
      [policy.id],
      () => as(t, "admin").roles.updatePolicy({ id: policy.id, effect: "allow" }),
    );
    expect(outcome).toEqual({ early: "waiting", settled: "done" });
    expect((await testDb().policy.findUniqueOrThrow({ where: { id: policy.id } })).effect).toBe(
      "allow",
    );
  });

  it("a role's description change waits for a change in progress, and is applied after it", async () => {
    const t = await createTenant();
    const role = await as(t, "owner").roles.create({ name: uid("Role") });
    const outcome = await whileOpen(
      `UPDATE "roles" SET "description" = 'meanwhile' WHERE "id" = $1`,
      [role.id],
      () => as(t, "admin").roles.update({ id: role.id, description: null }),
    );
    expect(outcome).toEqual({ early: "waiting", settled: "done" });
    expect((await testDb().role.findUniqueOrThrow({ where: { id: role.id } })).description).toBe(
      null,
    );
  });

  it("an API key updated or removed while it is being deleted is not found", async () => {
    const t = await createTenant();
    for (const change of [
      (id: string) => as(t, "admin").apiKeys.update({ id, name: "Renamed" }),
      (id: string) => as(t, "admin").apiKeys.remove({ id }),
    ]) {
      const { apiKey } = await as(t, "owner").apiKeys.create({
        name: "CI",
        environment: "development",
      });
      const outcome = await whileOpen(`DELETE FROM "apiKeys" WHERE "id" = $1`, [apiKey.id], () =>
        change(apiKey.id),
      );
      expect(outcome).toEqual({ early: "waiting", settled: "NOT_FOUND" });
    }
  });

  it("a scope rule or field mask removed twice at once is removed once; the other is not found", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const role = await owner.roles.create({ name: uid("Role") });
    const policy = await owner.roles.addPolicy({
      roleId: role.id,
      resource: type.slug,
      action: "read",
      effect: "allow",
    });
    const rule = await owner.roles.addScopeRule({
      policyId: policy.id,
      type: "field",
      field: "status",
      operator: "eq",
      value: "active",
    });
    const mask = await owner.roles.addFieldMask({
      policyId: policy.id,
      fieldPath: "data.email",
      maskType: "hide",
    });
    const rules = await whileOpen(`DELETE FROM "scopeRules" WHERE "id" = $1`, [rule.id], () =>
      owner.roles.removeScopeRule({ id: rule.id }),
    );
    const masks = await whileOpen(`DELETE FROM "fieldMasks" WHERE "id" = $1`, [mask.id], () =>
      owner.roles.removeFieldMask({ id: mask.id }),
    );
    expect([rules, masks]).toEqual([
      { early: "waiting", settled: "NOT_FOUND" },
      { early: "waiting", settled: "NOT_FOUND" },
    ]);
  });
});
