import { describe, expect, it } from "vitest";
import type { UserActor } from "@/server/auth/actor";
import { buildUserActor } from "@/server/auth/session";
import { loadPolicyContext } from "@/server/policy";
import { testDb } from "@/test/db";
import { createEntity, createTenant } from "@/test/factories";
import { grantRoles, type RoleSpec } from "@/test/policy";
import { listNames, policyFixture } from "@/test/policy-fixture";

// A user's policy context is cached across requests against the organization's permissions
// version (server/policy/load.ts). These tests change permissions straight in the database, not
// through our services, as another process or a manual fix would: the triggers must bump the
// version so the very next request sees the change.

const db = () => testDb();
const version = async (orgId: string) =>
  (await db().organization.findUniqueOrThrow({ where: { id: orgId } })).permissionsVersion;
const actorOf = async (userId: string, orgId: string) =>
  (await buildUserActor(db(), userId, orgId)) as UserActor;
const listAll = (slug: string): RoleSpec => ({ policies: [{ resource: slug, action: "list" }] });

describe("the cross-request policy cache", () => {
  it("serves the same context while nothing changes, and a new one after a change", async () => {
    const t = await createTenant();
    await grantRoles(t.org.id, t.member.id, [listAll("students")]);
    const first = await loadPolicyContext(db(), await actorOf(t.member.id, t.org.id));
    const second = await loadPolicyContext(db(), await actorOf(t.member.id, t.org.id));
    expect(second.policies).toBe(first.policies);
    expect(Object.isFrozen(first.policies[0])).toBe(true);
    await grantRoles(t.org.id, t.member.id, [listAll("teachers")]);
    const third = await loadPolicyContext(db(), await actorOf(t.member.id, t.org.id));
    expect(third.policies).not.toBe(first.policies);
    expect(third.policies.map((policy) => policy.resource).sort()).toEqual([
      "students",
      "teachers",
    ]);
  });

  it("bumps the version on every write to what a context is loaded from", async () => {
    const t = await createTenant();
    const [roleId] = await grantRoles(t.org.id, t.member.id, [
      {
        policies: [{ resource: "x", action: "list", rules: [{ field: "a", op: "eq", value: 1 }] }],
      },
    ]);
    const policy = await db().policy.findFirstOrThrow({ where: { roleId } });
    const rule = await db().scopeRule.findFirstOrThrow({ where: { policyId: policy.id } });
    const type = await db().entityType.create({
      data: { organizationId: t.org.id, name: "p", slug: "p", schema: {} },
    });
    const org = t.org.id;
    const writes: [string, () => Promise<unknown>][] = [
      [
        "role renamed",
        () => db().role.update({ where: { id: roleId }, data: { name: "renamed" } }),
      ],
      [
        "policy updated",
        () => db().policy.update({ where: { id: policy.id }, data: { priority: 3 } }),
      ],
      ["rule updated", () => db().scopeRule.update({ where: { id: rule.id }, data: { value: 2 } })],
      [
        "mask added",
        () =>
          db().fieldMask.create({
            data: {
              organizationId: org,
              policyId: policy.id,
              fieldPath: "data.x",
              maskType: "hide",
            },
          }),
      ],
      ["mask removed", () => db().fieldMask.deleteMany({ where: { policyId: policy.id } })],
      ["rule removed", () => db().scopeRule.delete({ where: { id: rule.id } })],
      [
        "assignment expiry changed",
        () => db().userRole.updateMany({ where: { roleId }, data: { expiresAt: new Date(9e12) } }),
      ],
      [
        "entity of the user created",
        () =>
          db().entity.create({
            data: { organizationId: org, entityTypeId: type.id, data: { userId: t.member.id } },
          }),
      ],
      [
        "entity of the user soft-deleted",
        () =>
          db().entity.updateMany({
            where: { entityTypeId: type.id },
            data: { deletedAt: new Date() },
          }),
      ],
      [
        "entity of the user removed",
        () => db().entity.deleteMany({ where: { entityTypeId: type.id } }),
      ],
      ["assignment removed", () => db().userRole.deleteMany({ where: { roleId } })],
      ["policy removed", () => db().policy.delete({ where: { id: policy.id } })],
      ["role removed", () => db().role.delete({ where: { id: roleId } })],
    ];
    for (const [name, write] of writes) {
      const before = await version(org);
      await write();
      expect({ name, bumped: (await version(org)) > before }).toEqual({ name, bumped: true });
    }
  });

  it("leaves the version alone on writes that cannot change a context", async () => {
    const t = await createTenant();
    const other = await createTenant();
    const type = await db().entityType.create({
      data: { organizationId: t.org.id, name: "q", slug: "q", schema: {} },
    });
    const before = await version(t.org.id);
    const entity = await createEntity(type, { data: { name: "no user" } });
    await db().entity.update({ where: { id: entity.id }, data: { data: { name: "still none" } } });
    await grantRoles(other.org.id, other.member.id, [listAll("q")]);
    expect(await version(t.org.id)).toBe(before);
  });

  it("a change made in the database reaches the member's next request", async () => {
    const f = await policyFixture();
    const [roleId] = await grantRoles(f.t.org.id, f.t.member.id, [listAll(f.slug)]);
    expect(await listNames(f)).toEqual(["ada", "bob", "cy", "dee", "eve"]);
    const policy = await db().policy.findFirstOrThrow({ where: { roleId } });
    await db().scopeRule.create({
      data: {
        organizationId: f.t.org.id,
        policyId: policy.id,
        type: "field",
        field: "status",
        operator: "eq",
        value: "active",
      },
    });
    expect(await listNames(f)).toEqual(["ada", "cy", "eve"]);
    await db().policy.update({ where: { id: policy.id }, data: { effect: "deny" } });
    expect(await listNames(f)).toBe("FORBIDDEN");
    await db().policy.update({ where: { id: policy.id }, data: { effect: "allow" } });
    await db().userRole.updateMany({ where: { roleId }, data: { expiresAt: new Date(1000) } });
    expect(await listNames(f)).toBe("FORBIDDEN");
  });

  it("actor.entityIds follows the user's own records", async () => {
    const f = await policyFixture();
    await f.grant([
      {
        policies: [
          {
            resource: f.slug,
            action: "list",
            rules: [{ field: "data.teacherId", op: "in", value: "actor.entityIds" }],
          },
        ],
      },
    ]);
    // bob's teacher is `person`, the member's own record (its data.userId) until it is no more.
    expect(await listNames(f)).toEqual(["bob"]);
    await db().entity.update({ where: { id: f.ids.person }, data: { data: { name: "person" } } });
    expect(await listNames(f)).toEqual([]);
    await db().entity.update({
      where: { id: f.ids.person },
      data: { data: { name: "person", userId: f.t.member.id } },
    });
    expect(await listNames(f)).toEqual(["bob"]);
  });

  it("is not used past the first expiry of an assignment", async () => {
    const f = await policyFixture();
    await grantRoles(f.t.org.id, f.t.member.id, [
      { ...listAll(f.slug), expiresAt: new Date(Date.now() + 1500) },
    ]);
    expect(await listNames(f)).toEqual(["ada", "bob", "cy", "dee", "eve"]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await listNames(f)).toBe("FORBIDDEN");
  });
});
