import { expect } from "vitest";
import { as, caught } from "@/test/business";
import {
  expectNotFound,
  withSetup,
  type CrossTenantCases,
  type CrossTenantContext,
} from "@/test/cross-tenant/harness";
import { testDb } from "@/test/db";
import { createAgent } from "@/test/factories";
import { seedRoles } from "@/test/roles";

// Cross-tenant cases of the roles and toolPermissions routers. B's permission setup (a role with
// a scoped, masked policy assigned to B's member, a tool running as it, an unused role and an
// `agent` role allowing everything) is made in each case's setup through B's owner, before the
// harness fingerprints B; A's owner then gets NOT_FOUND (or BAD_REQUEST for a reference that
// only exists in B) and B stays as it was.

async function seedB({ b }: CrossTenantContext) {
  const seed = await seedRoles(b);
  const owner = as(b, "owner");
  const unused = await owner.roles.create({ name: "Unused" });
  const agentRole = await owner.roles.create({ name: "agent" });
  await owner.roles.addPolicy({
    roleId: agentRole.id,
    resource: "*",
    action: "*",
    effect: "allow",
  });
  return { ...seed, unused, agentRole };
}

type Seed = Awaited<ReturnType<typeof seedB>>;
const onB = (run: (t: CrossTenantContext, seed: Seed) => Promise<void>) => withSetup(seedB, run);

/** A role and policy of A's own, to point at B's records from A's side. */
async function policyOfA({ asOwnerOfA }: CrossTenantContext) {
  const role = await asOwnerOfA.roles.create({ name: "A's role" });
  const policy = await asOwnerOfA.roles.addPolicy({
    roleId: role.id,
    resource: "*",
    action: "read",
    effect: "allow",
  });
  return { role, policy };
}

const badRequest = async (call: Promise<unknown>) =>
  expect((await caught(call)).code).toBe("BAD_REQUEST");

export const cases: CrossTenantCases = {
  "roles.list": onB(async (t, { role }) => {
    const { role: ours } = await policyOfA(t);
    const ids = (await t.asOwnerOfA.roles.list()).map((listed) => listed.id);
    expect(ids).toEqual([ours.id]);
    expect(ids).not.toContain(role.id);
  }),
  "roles.get": onB(({ asOwnerOfA }, { role }) =>
    expectNotFound(asOwnerOfA.roles.get({ id: role.id })),
  ),
  "roles.getByName": onB(({ asOwnerOfA }, { role }) =>
    expectNotFound(asOwnerOfA.roles.getByName({ name: role.name })),
  ),
  "roles.getWithPolicies": onB(({ asOwnerOfA }, { role }) =>
    expectNotFound(asOwnerOfA.roles.getWithPolicies({ id: role.id })),
  ),
  "roles.create": onB(async ({ a, asOwnerOfA }, { role }) => {
    // Names are per organization: B's name is free in A, and the new role is A's.
    const created = await asOwnerOfA.roles.create({ name: role.name });
    const stored = await testDb().role.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.organizationId).toBe(a.org.id);
  }),
  "roles.update": onB(({ asOwnerOfA }, { role }) =>
    expectNotFound(asOwnerOfA.roles.update({ id: role.id, name: "Taken", description: "x" })),
  ),
  "roles.remove": onB(async ({ asOwnerOfA }, { role, unused }) => {
    await expectNotFound(asOwnerOfA.roles.remove({ id: unused.id }));
    await expectNotFound(asOwnerOfA.roles.remove({ id: role.id }));
  }),
  "roles.addPolicy": onB(async (t, { role, type }) => {
    const input = { resource: "*", action: "*", effect: "allow" } as const;
    await expectNotFound(t.asOwnerOfA.roles.addPolicy({ ...input, roleId: role.id }));
    const { role: ours } = await policyOfA(t);
    await badRequest(
      t.asOwnerOfA.roles.addPolicy({ ...input, roleId: ours.id, resource: type.slug }),
    );
  }),
  "roles.updatePolicy": onB(({ asOwnerOfA }, { policy }) =>
    expectNotFound(
      asOwnerOfA.roles.updatePolicy({ id: policy.id, resource: "*", action: "*", priority: 9 }),
    ),
  ),
  "roles.removePolicy": onB(({ asOwnerOfA }, { policy }) =>
    expectNotFound(asOwnerOfA.roles.removePolicy({ id: policy.id })),
  ),
  "roles.addScopeRule": onB(async (t, { policy, ada }) => {
    await expectNotFound(
      t.asOwnerOfA.roles.addScopeRule({
        policyId: policy.id,
        type: "field",
        field: "status",
        operator: "exists",
      }),
    );
    // B's record ids are unknown in A.
    const { policy: ours } = await policyOfA(t);
    await badRequest(
      t.asOwnerOfA.roles.addScopeRule({
        policyId: ours.id,
        type: "relation",
        relationPath: "knows",
        value: [ada.id],
      }),
    );
  }),
  "roles.removeScopeRule": onB(({ asOwnerOfA }, { rule }) =>
    expectNotFound(asOwnerOfA.roles.removeScopeRule({ id: rule.id })),
  ),
  "roles.addFieldMask": onB(({ asOwnerOfA }, { policy }) =>
    expectNotFound(
      asOwnerOfA.roles.addFieldMask({ policyId: policy.id, fieldPath: "data.x", maskType: "hide" }),
    ),
  ),
  "roles.removeFieldMask": onB(({ asOwnerOfA }, { mask }) =>
    expectNotFound(asOwnerOfA.roles.removeFieldMask({ id: mask.id })),
  ),
  "roles.assignToUser": onB(async (t, { role, type, ada }) => {
    const { a, b, asOwnerOfA } = t;
    await expectNotFound(asOwnerOfA.roles.assignToUser({ roleId: role.id, userId: a.member.id }));
    const { role: ours } = await policyOfA(t);
    await expectNotFound(asOwnerOfA.roles.assignToUser({ roleId: ours.id, userId: b.admin.id }));
    await badRequest(
      asOwnerOfA.roles.assignToUser({
        roleId: ours.id,
        userId: a.member.id,
        resourceType: type.slug,
      }),
    );
    const scoped = { roleId: ours.id, userId: a.member.id, resourceType: "entityType" };
    await badRequest(asOwnerOfA.roles.assignToUser({ ...scoped, resourceId: ada.id }));
  }),
  "roles.removeFromUser": onB(async (t, { role }) => {
    const { b, asOwnerOfA } = t;
    await expectNotFound(asOwnerOfA.roles.removeFromUser({ roleId: role.id, userId: b.member.id }));
    const { role: ours } = await policyOfA(t);
    await expectNotFound(asOwnerOfA.roles.removeFromUser({ roleId: ours.id, userId: b.member.id }));
  }),
  "roles.getUserRoles": onB(({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.roles.getUserRoles({ userId: b.member.id })),
  ),
  "roles.simulate": onB(async ({ b, asOwnerOfA }, { role, type, ada }) => {
    const input = { resource: type.slug, action: "read" } as const;
    await expectNotFound(
      asOwnerOfA.roles.simulate({ ...input, subject: { type: "user", userId: b.member.id } }),
    );
    await expectNotFound(
      asOwnerOfA.roles.simulate({ ...input, subject: { type: "role", roleId: role.id } }),
    );
    const agent = { type: "agent" } as const;
    await expectNotFound(asOwnerOfA.roles.simulate({ ...input, subject: agent, entityId: ada.id }));
    // A's agents never act with B's `agent` role.
    expect(await asOwnerOfA.roles.simulate({ ...input, subject: agent })).toMatchObject({
      allowed: false,
      policies: [],
    });
  }),

  "toolPermissions.list": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.toolPermissions.list({ agentId: agent.id })),
  ),
  "toolPermissions.set": onB(async ({ a, asOwnerOfA }, { agent, role }) => {
    await expectNotFound(
      asOwnerOfA.toolPermissions.set({
        agentId: agent.id,
        toolName: "entity.query",
        identityMode: "system",
      }),
    );
    const ours = await createAgent(a.org.id);
    await expectNotFound(
      asOwnerOfA.toolPermissions.set({
        agentId: ours.id,
        toolName: "entity.query",
        identityMode: "configured",
        configuredRoleId: role.id,
      }),
    );
  }),
  "toolPermissions.remove": onB(({ asOwnerOfA }, { agent, tool }) =>
    expectNotFound(
      asOwnerOfA.toolPermissions.remove({ agentId: agent.id, toolName: tool.toolName }),
    ),
  ),
};
