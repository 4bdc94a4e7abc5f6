import { beforeAll, describe, expect, it } from "vitest";
import { getPack } from "@/server/packs/registry";
import { packContents } from "@/server/services/packs";
import { as, caught } from "@/test/business";
import { testDb } from "@/test/db";
import { createMember, createTenant, type Tenant } from "@/test/factories";

// Install, uninstall and reinstall leave exact counts; drift names what was deleted and repair
// restores exactly that; the 409 of uninstall names the people holding the pack's roles; only
// owners and admins, and only in their own organization.

const db = testDb();

/** Everything of an organization a pack could have made, counted. */
async function countsOf(orgId: string) {
  const where = { organizationId: orgId };
  const [entityTypes, roles, policies, scopeRules, fieldMasks, agents, toolPermissions, entities] =
    await Promise.all([
      db.entityType.count({ where }),
      db.role.count({ where }),
      db.policy.count({ where }),
      db.scopeRule.count({ where }),
      db.fieldMask.count({ where }),
      db.agent.count({ where: { ...where, status: { not: "deleted" } } }),
      db.toolPermission.count({ where: { ...where, agent: { status: { not: "deleted" } } } }),
      db.entity.count({ where }),
    ]);
  return {
    entityTypes,
    roles,
    policies,
    scopeRules,
    fieldMasks,
    agents,
    toolPermissions,
    entities,
  };
}

const tutoring = getPack("tutoring", "1.1.0");
const contents = packContents(tutoring);
const INSTALLED = {
  entityTypes: 6,
  roles: 4,
  policies: 35,
  scopeRules: 18,
  fieldMasks: 42,
  agents: 1,
  toolPermissions: 3,
  entities: 0,
};

describe("install, uninstall, reinstall", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant();
  });

  it("installs the latest version with exact counts, and refuses a second install", async () => {
    expect(contents).toMatchObject({ policyCount: 35, scopeRuleCount: 18, fieldMaskCount: 42 });
    const result = await as(t, "admin").packs.install({ packId: "tutoring" });
    expect(result).toEqual({
      installedVersion: "1.1.0",
      created: { ...INSTALLED, toolPermissions: undefined, entities: undefined, sampleRecords: 0 },
      reused: {
        entityTypes: 0,
        roles: 0,
        policies: 0,
        scopeRules: 0,
        fieldMasks: 0,
        agents: 0,
        sampleRecords: 0,
      },
    });
    expect(await countsOf(t.org.id)).toEqual(INSTALLED);
    const error = await caught(as(t, "owner").packs.install({ packId: "tutoring" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("Pack tutoring is already installed");
    expect(await countsOf(t.org.id)).toEqual(INSTALLED);
    const [pack] = (await as(t, "owner").packs.list()).filter((item) => item.id === "tutoring");
    expect(pack!.installed).toMatchObject({
      version: "1.1.0",
      status: "installed",
      upgradeAvailable: null,
      drift: { missing: [] },
    });
    const events = await db.event.findMany({
      where: { organizationId: t.org.id, eventType: "pack.installed" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "user", actorId: t.admin.id });
  });

  it("uninstall removes everything it made; reinstalling gives the same counts", async () => {
    const removed = await as(t, "owner").packs.uninstall({ packId: "tutoring" });
    expect(removed).toEqual({
      uninstalled: true,
      removed: { ...INSTALLED, toolPermissions: undefined, entities: undefined, sampleRecords: 0 },
      keptEntityTypes: [],
    });
    const empty = await countsOf(t.org.id);
    expect(empty).toEqual({
      entityTypes: 0,
      roles: 0,
      policies: 0,
      scopeRules: 0,
      fieldMasks: 0,
      agents: 0,
      toolPermissions: 0,
      entities: 0,
    });
    await as(t, "owner").packs.install({ packId: "tutoring" });
    expect(await countsOf(t.org.id)).toEqual(INSTALLED);
    const missing = await caught(as(t, "owner").packs.uninstall({ packId: "customer-support" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toBe("Pack customer-support is not installed");
  });

  it("reuses same-slug types and same-name roles, and never duplicates what matches", async () => {
    const other = await createTenant();
    const owner = as(other, "owner");
    await owner.entityTypes.create({
      name: "Student",
      slug: "student",
      schema: { type: "object" },
    });
    const role = await owner.roles.create({ name: "teacher" });
    const policy = await owner.roles
      .addPolicy({
        roleId: role.id,
        resource: "session",
        action: "update",
        effect: "allow",
      })
      .catch(() => null);
    // `session` does not exist yet: the policy is refused, the role stays empty.
    expect(policy).toBeNull();
    const result = await owner.packs.install({ packId: "tutoring" });
    expect(result.created.entityTypes).toBe(5);
    expect(result.reused).toMatchObject({ entityTypes: 1, roles: 1, policies: 0 });
    expect(await countsOf(other.org.id)).toMatchObject({ entityTypes: 6, roles: 4, policies: 35 });
    // Uninstall keeps what it found: the student type and the teacher role (emptied of its policies).
    const removed = await owner.packs.uninstall({ packId: "tutoring" });
    expect(removed.removed).toMatchObject({ entityTypes: 5, roles: 3, policies: 35 });
    const left = await db.role.findMany({ where: { organizationId: other.org.id } });
    expect(left.map((r) => r.name)).toEqual(["teacher"]);
    expect(await countsOf(other.org.id)).toMatchObject({ entityTypes: 1, roles: 1, policies: 0 });
  });
});

describe("drift and repair", () => {
  it("names each deleted item and repair restores exactly those, once", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    await owner.packs.install({ packId: "tutoring" });
    const orgId = t.org.id;
    // Delete a role, a type, one policy of another role, one mask and the agent, as people would.
    const guardian = await db.role.findFirstOrThrow({
      where: { organizationId: orgId, name: "guardian" },
    });
    await owner.roles.remove({ id: guardian.id });
    const entitlement = await db.entityType.findFirstOrThrow({
      where: { organizationId: orgId, slug: "entitlement" },
    });
    await owner.entityTypes.remove({ id: entitlement.id });
    const teacherRole = await db.role.findFirstOrThrow({
      where: { organizationId: orgId, name: "teacher" },
    });
    const update = await db.policy.findFirstOrThrow({
      where: { roleId: teacherRole.id, resource: "teacher", action: "update" },
    });
    await owner.roles.removePolicy({ id: update.id });
    const mask = await db.fieldMask.findFirstOrThrow({
      where: {
        policy: { roleId: teacherRole.id, resource: "session", action: "list" },
        fieldPath: "data.guardianNotes",
      },
    });
    await owner.roles.removeFieldMask({ id: mask.id });
    const agent = await db.agent.findFirstOrThrow({
      where: { organizationId: orgId, slug: "front-desk" },
    });
    await owner.agents.remove({ id: agent.id });

    const state = await owner.packs.get({ packId: "tutoring" });
    expect(state.installed!.drift.missing).toEqual([
      { kind: "entityType", name: "entitlement" },
      { kind: "fieldMask", name: "teacher: allow list session", detail: "hide data.guardianNotes" },
      { kind: "policy", name: "teacher: allow update teacher" },
      { kind: "role", name: "guardian" },
      { kind: "agent", name: "front-desk" },
    ]);

    const repaired = await owner.packs.repair({ packId: "tutoring" });
    expect(repaired.restored).toEqual(state.installed!.drift.missing);
    expect(repaired.created).toEqual({
      entityTypes: 1,
      roles: 1,
      policies: 15, // the guardian's 14 and the teacher's update
      scopeRules: 13, // the guardian's 12 and the teacher's own-record rule
      fieldMasks: 11, // the guardian's 10 and the one mask
      agents: 1,
      sampleRecords: 0,
    });
    expect(await countsOf(orgId)).toEqual(INSTALLED);
    expect((await owner.packs.get({ packId: "tutoring" })).installed!.drift.missing).toEqual([]);
    // Idempotent: nothing more to restore, nothing created.
    const again = await owner.packs.repair({ packId: "tutoring" });
    expect(again.restored).toEqual([]);
    expect(await countsOf(orgId)).toEqual(INSTALLED);
    // The restored agent's tools run as the agent role again.
    const restored = await db.agent.findFirstOrThrow({
      where: { organizationId: orgId, slug: "front-desk", status: "active" },
      include: { toolPermissions: { include: { configuredRole: true } } },
    });
    expect(
      restored.toolPermissions.map((p) => [p.toolName, p.configuredRole?.name, p.allowedActions]),
    ).toEqual(
      expect.arrayContaining([
        ["entity.query", "agent", ["list"]],
        ["entity.get", "agent", ["read"]],
        ["entity.create", "agent", ["create"]],
      ]),
    );
    // A missing tool permission of the pack's agent is drift too.
    await owner.toolPermissions.remove({ agentId: restored.id, toolName: "entity.get" });
    expect((await owner.packs.get({ packId: "tutoring" })).installed!.drift.missing).toEqual([
      { kind: "agent", name: "front-desk", detail: "tool permission entity.get" },
    ]);
    await owner.packs.repair({ packId: "tutoring" });
    expect(await countsOf(orgId)).toEqual(INSTALLED);
  });
});

describe("uninstall with records and holders", () => {
  it("409 names the users holding the pack's roles; keeps types with records unless purged", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    await owner.packs.install({ packId: "tutoring", withSampleData: true });
    const sampleCount = getPack("tutoring").sampleData!.records.length;
    expect((await countsOf(t.org.id)).entities).toBe(sampleCount);
    const teacher = await db.role.findFirstOrThrow({
      where: { organizationId: t.org.id, name: "teacher" },
    });
    await owner.roles.assignToUser({ roleId: teacher.id, userId: t.member.id });
    const error = await caught(owner.packs.uninstall({ packId: "tutoring" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(
      `Cannot uninstall tutoring: users hold its roles: ${t.member.name} <${t.member.email}> (teacher)`,
    );
    expect(await countsOf(t.org.id)).toMatchObject({ ...INSTALLED, entities: sampleCount });
    await owner.roles.removeFromUser({ roleId: teacher.id, userId: t.member.id });
    const kept = await owner.packs.uninstall({ packId: "tutoring" });
    expect(kept.keptEntityTypes.sort()).toEqual([
      "entitlement",
      "guardian",
      "payment",
      "session",
      "student",
      "teacher",
    ]);
    expect(await countsOf(t.org.id)).toMatchObject({
      entityTypes: 6,
      roles: 0,
      policies: 0,
      agents: 0,
      entities: sampleCount,
    });
    // Installed again over the kept types (reused), then removed with its data.
    const again = await owner.packs.install({ packId: "tutoring" });
    expect(again.reused.entityTypes).toBe(6);
    const purged = await owner.packs.uninstall({ packId: "tutoring", purgeData: true });
    // Reused types are the organization's own now: purgeData removes only types the pack made.
    expect(purged.removed.entityTypes).toBe(0);
  });

  it("purgeData removes the pack's types with their records", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const installed = await owner.packs.install({
      packId: "customer-support",
      withSampleData: true,
    });
    expect(installed.created.sampleRecords).toBe(8); // 7 records and 1 relation
    const purged = await owner.packs.uninstall({ packId: "customer-support", purgeData: true });
    expect(purged).toMatchObject({
      keptEntityTypes: [],
      removed: { entityTypes: 3, sampleRecords: 7 },
    });
    expect(await countsOf(t.org.id)).toMatchObject({
      entityTypes: 0,
      entities: 0,
      roles: 0,
      agents: 0,
    });
  });
});

describe("who may", () => {
  it("members get FORBIDDEN for every procedure, and nothing changes", async () => {
    const t = await createTenant();
    const member = as(t, "member");
    // Thunks, called one at a time: promises made up front would reject unobserved.
    const calls = [
      () => member.packs.list(),
      () => member.packs.get({ packId: "tutoring" }),
      () => member.packs.install({ packId: "tutoring" }),
      () => member.packs.uninstall({ packId: "tutoring" }),
      () => member.packs.repair({ packId: "tutoring" }),
      () => member.packs.previewUpgrade({ packId: "tutoring" }),
      () => member.packs.upgrade({ packId: "tutoring" }),
    ];
    for (const call of calls) expect((await caught(call())).code).toBe("FORBIDDEN");
    expect((await countsOf(t.org.id)).roles).toBe(0);
  });

  it("another organization sees its own state; uninstall and repair there touch nothing here", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await as(a, "owner").packs.install({ packId: "tutoring" });
    const before = await countsOf(a.org.id);
    const other = as(b, "owner");
    const seen = await other.packs.get({ packId: "tutoring" });
    expect(seen.installed).toBeNull();
    expect((await caught(other.packs.uninstall({ packId: "tutoring" }))).code).toBe("NOT_FOUND");
    expect((await caught(other.packs.repair({ packId: "tutoring" }))).code).toBe("NOT_FOUND");
    // Installing in B and deleting there leaves A's install whole.
    await other.packs.install({ packId: "tutoring" });
    const role = await db.role.findFirstOrThrow({
      where: { organizationId: b.org.id, name: "guardian" },
    });
    await other.roles.remove({ id: role.id });
    expect(
      (await as(a, "owner").packs.get({ packId: "tutoring" })).installed!.drift.missing,
    ).toEqual([]);
    await other.packs.uninstall({ packId: "tutoring" });
    expect(await countsOf(a.org.id)).toEqual(before);
    const admin = await createMember(a.org.id, "admin");
    const state = await as({ ...a, admin }, "admin").packs.get({ packId: "tutoring" });
    expect(state.installed?.version).toBe("1.1.0");
  });

  it("bad input is refused naming the field", async () => {
    const t = await createTenant();
    const error = await caught(as(t, "owner").packs.install({ packId: "Not A Pack" }));
    expect(error.code).toBe("BAD_REQUEST");
    const unknown = await caught(as(t, "owner").packs.install({ packId: "no-such-pack" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe("Pack no-such-pack not found");
  });
});
