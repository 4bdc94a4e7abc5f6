import { describe, expect, it } from "vitest";
import { as, caught, createType, fieldOf } from "@/test/business";
import { createTenant, createUser } from "@/test/factories";
import { rolesSnapshot, seedRoles } from "@/test/roles";

// The permission simulator (docs/permissions.md): explain() for a member, a role or the organization's
// agents, on a resource and optionally one record (with its relations). Admin only; reads only.

describe("simulate: a user", () => {
  it("a member's roles: the decision, the policies with their rules and masks, without a record", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const before = await rolesSnapshot(t.org.id);
    const subject = { type: "user", userId: t.member.id } as const;
    const result = await as(t, "admin").roles.simulate({
      subject,
      resource: seed.type.slug,
      action: "read",
    });
    expect(result).toMatchObject({
      allowed: true,
      recordVisible: null,
      record: null,
      policies: [
        {
          policyId: seed.policy.id,
          roleName: seed.role.name,
          effect: "allow",
          matchesRecord: null,
          rules: [{ id: seed.rule.id, resolvedValue: "Ada", matched: null }],
          masks: [{ fieldPath: "data.email", maskType: "hide" }],
        },
      ],
    });
    const update = await as(t, "owner").roles.simulate({
      subject,
      resource: seed.type.slug,
      action: "update",
    });
    expect(update).toMatchObject({ allowed: false, policies: [] });
    expect(update.reason).toContain("default deny");
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("with a record: in scope it is shown masked; out of scope it is not shown", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const simulate = (entityId: string) =>
      as(t, "owner").roles.simulate({
        subject: { type: "user", userId: t.member.id },
        resource: seed.type.slug,
        action: "read",
        entityId,
      });
    const ada = await simulate(seed.ada.id);
    expect(ada).toMatchObject({
      allowed: true,
      recordVisible: true,
      record: { id: seed.ada.id, data: { name: "Ada" } },
      policies: [{ matchesRecord: true, rules: [{ matched: true }] }],
    });
    expect(ada.record!.data).toEqual({ name: "Ada" });
    expect(await simulate(seed.alan.id)).toMatchObject({
      allowed: true,
      recordVisible: false,
      record: null,
      policies: [{ matchesRecord: false, rules: [{ matched: false }] }],
    });
  });

  it("an owner has full access and sees the record unmasked", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const result = await as(t, "owner").roles.simulate({
      subject: { type: "user", userId: t.admin.id },
      resource: seed.type.slug,
      action: "delete",
      entityId: seed.ada.id,
    });
    expect(result).toMatchObject({ allowed: true, recordVisible: true, policies: [] });
    expect(result.record!.data).toEqual({ name: "Ada", email: "ada@example.test" });
  });

  it("a user outside the organization or an unknown record is NOT_FOUND; a record of another type is BAD_REQUEST", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const stranger = await createUser();
    const base = { resource: seed.type.slug, action: "read" } as const;
    const notMember = await caught(
      owner.roles.simulate({ ...base, subject: { type: "user", userId: stranger.id } }),
    );
    expect(notMember.code).toBe("NOT_FOUND");
    const agent = { type: "agent" } as const;
    expect(
      (await caught(owner.roles.simulate({ ...base, subject: agent, entityId: "x" }))).code,
    ).toBe("NOT_FOUND");
    const other = await createType(owner);
    const wrongType = await caught(
      owner.roles.simulate({
        ...base,
        resource: other.slug,
        subject: agent,
        entityId: seed.ada.id,
      }),
    );
    expect([wrongType.code, fieldOf(wrongType)]).toEqual(["BAD_REQUEST", "resource"]);
  });
});

describe("simulate: a role", () => {
  it("acts as a plain member holding only that role; actor.userId is the caller", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const mine = await owner.entities.create({
      entityTypeId: type.id,
      data: { name: "Mine", ownerId: t.admin.id },
    });
    const role = await owner.roles.create({ name: "Owner of records" });
    const policy = await owner.roles.addPolicy({
      roleId: role.id,
      resource: "*",
      action: "*",
      effect: "allow",
    });
    await owner.roles.addScopeRule({
      policyId: policy.id,
      type: "field",
      field: "data.ownerId",
      operator: "eq",
      value: "actor.userId",
    });
    const simulate = (action: "read" | "delete") =>
      as(t, "admin").roles.simulate({
        subject: { type: "role", roleId: role.id },
        resource: type.slug,
        action,
        entityId: mine.id,
      });
    expect(await simulate("delete")).toMatchObject({
      allowed: true,
      recordVisible: true,
      policies: [{ roleName: "Owner of records", rules: [{ resolvedValue: t.admin.id }] }],
    });
    await owner.roles.addPolicy({
      roleId: role.id,
      resource: type.slug,
      action: "delete",
      effect: "deny",
    });
    const denied = await simulate("delete");
    expect(denied).toMatchObject({ allowed: false, recordVisible: false, record: null });
    expect(denied.reason).toContain("Denied");
    expect((await simulate("read")).recordVisible).toBe(true);
    const unknown = await caught(
      owner.roles.simulate({
        subject: { type: "role", roleId: "x" },
        resource: "*",
        action: "read",
      }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
  });

  it("a deny with scope rules and no allow is a default deny, not an unscoped deny", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    await owner.roles.updatePolicy({ id: seed.policy.id, effect: "deny" });
    const result = await owner.roles.simulate({
      subject: { type: "role", roleId: seed.role.id },
      resource: seed.type.slug,
      action: "read",
    });
    expect(result).toMatchObject({ allowed: false, policies: [{ effect: "deny" }] });
    expect(result.reason).toBe(`No policy grants read on ${seed.type.slug}`);
  });

  it("relation rules match the record's relations in either direction", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    await owner.entities.link({ fromId: seed.alan.id, toId: seed.ada.id, relationType: "tutors" });
    const role = await owner.roles.create({ name: "Ada's circle" });
    const policy = await owner.roles.addPolicy({
      roleId: role.id,
      resource: seed.type.slug,
      action: "read",
      effect: "allow",
    });
    await owner.roles.addScopeRule({
      policyId: policy.id,
      type: "relation",
      relationPath: "tutors",
      value: [seed.ada.id],
    });
    const simulate = (entityId: string) =>
      owner.roles.simulate({
        subject: { type: "role", roleId: role.id },
        resource: seed.type.slug,
        action: "read",
        entityId,
      });
    expect(await simulate(seed.alan.id)).toMatchObject({
      recordVisible: true,
      policies: [{ rules: [{ type: "relation", matched: true }] }],
    });
    expect((await simulate(seed.ada.id)).recordVisible).toBe(false);
  });
});

describe("simulate: the agent", () => {
  it("default deny without an `agent` role; the organization's `agent` role otherwise", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const input = {
      subject: { type: "agent" },
      resource: seed.type.slug,
      action: "read",
      entityId: seed.alan.id,
    } as const;
    expect(await owner.roles.simulate(input)).toMatchObject({
      allowed: false,
      recordVisible: false,
      policies: [],
    });
    const agentRole = await owner.roles.create({ name: "agent" });
    await owner.roles.addPolicy({
      roleId: agentRole.id,
      resource: "*",
      action: "read",
      effect: "allow",
    });
    expect(await owner.roles.simulate(input)).toMatchObject({
      allowed: true,
      recordVisible: true,
      record: { id: seed.alan.id },
      policies: [{ roleId: agentRole.id, roleName: "agent" }],
    });
  });
});
