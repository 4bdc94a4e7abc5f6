import { as, createType } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createAgent, type Tenant } from "@/test/factories";

// Helpers shared by the roles and tool-permissions router tests.

/** Everything the roles API can change in an organization (events included). */
export async function rolesSnapshot(orgId: string): Promise<string> {
  const db = testDb();
  const where = { organizationId: orgId };
  const orderBy = { id: "asc" } as const;
  const rows = await Promise.all([
    db.role.findMany({ where, orderBy }),
    db.policy.findMany({ where, orderBy }),
    db.scopeRule.findMany({ where, orderBy }),
    db.fieldMask.findMany({ where, orderBy }),
    db.userRole.findMany({ where, orderBy }),
    db.toolPermission.findMany({ where, orderBy }),
    db.event.findMany({ where, orderBy }),
  ]);
  return JSON.stringify(rows);
}

/**
 * A tenant's permission setup, made through the router by its owner: a type with two students,
 * a "teacher" role reading the students named Ada with their email hidden, assigned to the
 * member, and an agent whose `entity.query` tool runs as that role.
 */
export async function seedRoles(t: Tenant) {
  const owner = as(t, "owner");
  const type = await createType(owner);
  const ada = await owner.entities.create({
    entityTypeId: type.id,
    data: { name: "Ada", email: "ada@example.test" },
  });
  const alan = await owner.entities.create({ entityTypeId: type.id, data: { name: "Alan" } });
  const role = await owner.roles.create({ name: uid("teacher"), description: "Teaches" });
  const policy = await owner.roles.addPolicy({
    roleId: role.id,
    resource: type.slug,
    action: "read",
    effect: "allow",
  });
  const rule = await owner.roles.addScopeRule({
    policyId: policy.id,
    type: "field",
    field: "data.name",
    operator: "eq",
    value: "Ada",
  });
  const mask = await owner.roles.addFieldMask({
    policyId: policy.id,
    fieldPath: "data.email",
    maskType: "hide",
  });
  const assignment = await owner.roles.assignToUser({ roleId: role.id, userId: t.member.id });
  const agent = await createAgent(t.org.id);
  const tool = await owner.toolPermissions.set({
    agentId: agent.id,
    toolName: "entity.query",
    identityMode: "configured",
    configuredRoleId: role.id,
  });
  return { type, ada, alan, role, policy, rule, mask, assignment, agent, tool };
}

export type RolesSeed = Awaited<ReturnType<typeof seedRoles>>;
