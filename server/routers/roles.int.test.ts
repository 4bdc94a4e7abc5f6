import type { AnyProcedure } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/routers/_app";
import { as, caught, eventsOf, fieldOf } from "@/test/business";
import type { Caller } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createRole, createTenant, type Tenant } from "@/test/factories";
import { rolesSnapshot, seedRoles, type RolesSeed } from "@/test/roles";

// Roles through the router (docs/permissions.md): any member reads, owners and admins
// change; names are unique on create and rename; system roles keep their name and stay; a role
// in use cannot be removed. Policies, rules and masks: role-policies.int.test.ts; assignments:
// role-assignments.int.test.ts; the simulator: roles-simulate.int.test.ts.

type Call = (caller: Caller, seed: RolesSeed, t: Tenant) => Promise<unknown>;

/** Every admin-only procedure of roles.* and toolPermissions.*, with valid input. */
const ADMIN_ONLY: Record<string, Call> = {
  "roles.create": (c) => c.roles.create({ name: uid("r") }),
  "roles.update": (c, s) => c.roles.update({ id: s.role.id, name: uid("r") }),
  "roles.remove": (c, s) => c.roles.remove({ id: s.role.id }),
  "roles.addPolicy": (c, s) =>
    c.roles.addPolicy({ roleId: s.role.id, resource: "*", action: "*", effect: "allow" }),
  "roles.updatePolicy": (c, s) => c.roles.updatePolicy({ id: s.policy.id, action: "list" }),
  "roles.removePolicy": (c, s) => c.roles.removePolicy({ id: s.policy.id }),
  "roles.addScopeRule": (c, s) =>
    c.roles.addScopeRule({
      policyId: s.policy.id,
      type: "field",
      field: "status",
      operator: "exists",
    }),
  "roles.removeScopeRule": (c, s) => c.roles.removeScopeRule({ id: s.rule.id }),
  "roles.addFieldMask": (c, s) =>
    c.roles.addFieldMask({ policyId: s.policy.id, fieldPath: "data.name", maskType: "redact" }),
  "roles.removeFieldMask": (c, s) => c.roles.removeFieldMask({ id: s.mask.id }),
  "roles.assignToUser": (c, s, t) =>
    c.roles.assignToUser({ roleId: s.role.id, userId: t.admin.id }),
  "roles.removeFromUser": (c, s, t) =>
    c.roles.removeFromUser({ roleId: s.role.id, userId: t.member.id }),
  "roles.simulate": (c) =>
    c.roles.simulate({ subject: { type: "agent" }, resource: "*", action: "read" }),
  "toolPermissions.set": (c, s) =>
    c.toolPermissions.set({
      agentId: s.agent.id,
      toolName: "entity.create",
      identityMode: "system",
    }),
  "toolPermissions.remove": (c, s) =>
    c.toolPermissions.remove({ agentId: s.agent.id, toolName: s.tool.toolName }),
};

describe("roles: who may do what", () => {
  it("the matrix covers every mutation of roles.* and toolPermissions.*", () => {
    const mutations = Object.entries(appRouter._def.procedures)
      .filter(([path]) => /^(roles|toolPermissions)\./.test(path))
      // The flat map of procedures is typed as the nested router; its values are procedures.
      .filter(([, procedure]) => (procedure as unknown as AnyProcedure)._def.type === "mutation")
      .map(([path]) => path);
    expect(mutations.filter((path) => !(path in ADMIN_ONLY))).toEqual([]);
  });

  it.each(Object.keys(ADMIN_ONLY))(
    "%s: a member is FORBIDDEN and nothing changes",
    async (path) => {
      const t = await createTenant();
      const seed = await seedRoles(t);
      const before = await rolesSnapshot(t.org.id);
      expect((await caught(ADMIN_ONLY[path]!(as(t, "member"), seed, t))).code).toBe("FORBIDDEN");
      expect(await rolesSnapshot(t.org.id)).toBe(before);
    },
  );

  it("members read roles, policies, assignments and tool permissions", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const member = as(t, "member");
    expect((await member.roles.list()).map((role) => role.id)).toEqual([seed.role.id]);
    expect(await member.roles.get({ id: seed.role.id })).toMatchObject({ name: seed.role.name });
    expect((await member.roles.getByName({ name: seed.role.name })).id).toBe(seed.role.id);
    expect((await member.roles.getWithPolicies({ id: seed.role.id })).policies).toHaveLength(1);
    expect(await member.roles.getUserRoles({ userId: t.member.id })).toHaveLength(1);
    expect(await member.toolPermissions.list({ agentId: seed.agent.id })).toHaveLength(1);
  });
});

describe("roles: create, read, update", () => {
  it("create records role.created; list counts policies and assignments in force", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const created = await as(t, "admin").roles.create({ name: "Guardian" });
    expect(created).toMatchObject({ name: "Guardian", description: null, isSystem: false });
    expect(await as(t, "owner").roles.list()).toMatchObject([
      { id: created.id, policyCount: 0, activeAssignmentCount: 0 },
      { id: seed.role.id, policyCount: 1, activeAssignmentCount: 1 },
    ]);
    expect(await eventsOf(t.org.id, { eventType: "role.created" })).toMatchObject([
      { actorId: t.owner.id, payload: { roleId: seed.role.id } },
      { actorId: t.admin.id, payload: { roleId: created.id, name: "Guardian" } },
    ]);
  });

  it("a taken name is CONFLICT naming the field, on create and on rename; names are per organization", async () => {
    const [t, other] = [await createTenant(), await createTenant()];
    const teacher = await as(t, "owner").roles.create({ name: "Teacher" });
    const tutor = await as(t, "owner").roles.create({ name: "Tutor" });
    const error = await caught(as(t, "owner").roles.create({ name: " Teacher " }));
    expect([error.code, error.message, fieldOf(error)]).toEqual([
      "CONFLICT",
      "Role with this name already exists",
      "name",
    ]);
    const before = await rolesSnapshot(t.org.id);
    const rename = await caught(as(t, "owner").roles.update({ id: tutor.id, name: "Teacher" }));
    expect([rename.code, fieldOf(rename)]).toEqual(["CONFLICT", "name"]);
    expect(await rolesSnapshot(t.org.id)).toBe(before);
    expect((await as(other, "owner").roles.create({ name: "Teacher" })).id).not.toBe(teacher.id);
  });

  it("update renames and describes, records what changed; an unchanged update records nothing", async () => {
    const t = await createTenant();
    const role = await as(t, "owner").roles.create({ name: "Teacher" });
    const updated = await as(t, "admin").roles.update({
      id: role.id,
      name: "Lead teacher",
      description: "Leads",
    });
    expect(updated).toMatchObject({ name: "Lead teacher", description: "Leads" });
    await as(t, "admin").roles.update({ id: role.id, name: "Lead teacher", description: "Leads" });
    expect(await eventsOf(t.org.id, { eventType: "role.updated" })).toMatchObject([
      { payload: { changed: ["name", "description"], previousName: "Teacher" } },
    ]);
  });

  it("get, getByName and getWithPolicies of an unknown role are NOT_FOUND", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    expect((await caught(owner.roles.get({ id: "missing" }))).code).toBe("NOT_FOUND");
    expect((await caught(owner.roles.getByName({ name: "missing" }))).code).toBe("NOT_FOUND");
    expect((await caught(owner.roles.getWithPolicies({ id: "missing" }))).code).toBe("NOT_FOUND");
  });

  it("getWithPolicies returns each policy with its scope rules and field masks", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const role = await as(t, "member").roles.getWithPolicies({ id: seed.role.id });
    expect(role).toMatchObject({
      id: seed.role.id,
      policies: [
        {
          id: seed.policy.id,
          resource: seed.type.slug,
          scopeRules: [{ id: seed.rule.id, field: "data.name", operator: "eq", value: "Ada" }],
          fieldMasks: [{ id: seed.mask.id, fieldPath: "data.email", maskType: "hide" }],
        },
      ],
    });
  });
});

describe("roles: system roles and removal", () => {
  it("a system role cannot be renamed or removed (FORBIDDEN); its description and policies can change", async () => {
    const t = await createTenant();
    const system = await createRole(t.org.id, { name: uid("system"), isSystem: true });
    const before = await rolesSnapshot(t.org.id);
    const rename = await caught(as(t, "owner").roles.update({ id: system.id, name: "Mine" }));
    expect(rename.code).toBe("FORBIDDEN");
    expect((await caught(as(t, "owner").roles.remove({ id: system.id }))).code).toBe("FORBIDDEN");
    expect(await rolesSnapshot(t.org.id)).toBe(before);
    await as(t, "owner").roles.update({ id: system.id, name: system.name, description: "Kept" });
    await as(t, "owner").roles.addPolicy({
      roleId: system.id,
      resource: "*",
      action: "*",
      effect: "allow",
    });
    expect(await as(t, "owner").roles.getWithPolicies({ id: system.id })).toMatchObject({
      description: "Kept",
      isSystem: true,
      policies: [{ resource: "*" }],
    });
  });

  it("a role held by users is CONFLICT listing them; nothing changes", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await as(t, "owner").roles.assignToUser({ roleId: seed.role.id, userId: t.admin.id });
    await as(t, "owner").toolPermissions.remove({
      agentId: seed.agent.id,
      toolName: "entity.query",
    });
    const before = await rolesSnapshot(t.org.id);
    const error = await caught(as(t, "owner").roles.remove({ id: seed.role.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain(t.member.name!);
    expect(error.message).toContain(t.admin.name!);
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("a role a tool runs as is CONFLICT naming the tool", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await as(t, "owner").roles.removeFromUser({ roleId: seed.role.id, userId: t.member.id });
    const before = await rolesSnapshot(t.org.id);
    const error = await caught(as(t, "owner").roles.remove({ id: seed.role.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("entity.query");
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("remove cascades policies, rules and masks, takes expired assignments along, records role.deleted", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await as(t, "owner").toolPermissions.remove({
      agentId: seed.agent.id,
      toolName: "entity.query",
    });
    // An assignment that expired is history, not a holder.
    await testDb().userRole.update({
      where: { id: seed.assignment.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await as(t, "admin").roles.remove({ id: seed.role.id })).toEqual({
      id: seed.role.id,
      removed: true,
    });
    const where = { organizationId: t.org.id };
    const db = testDb();
    expect(
      await Promise.all([
        db.role.count({ where }),
        db.policy.count({ where }),
        db.scopeRule.count({ where }),
        db.fieldMask.count({ where }),
        db.userRole.count({ where }),
      ]),
    ).toEqual([0, 0, 0, 0, 0]);
    expect(await eventsOf(t.org.id, { eventType: "role.deleted" })).toMatchObject([
      { actorId: t.admin.id, payload: { roleId: seed.role.id, expiredAssignmentsRemoved: 1 } },
    ]);
    expect((await caught(as(t, "owner").roles.remove({ id: seed.role.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
