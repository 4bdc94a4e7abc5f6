import type { Prisma } from "@/generated/prisma/client";
import { testDb, uid } from "@/test/db";

// Rows with random unique keys, so test files run in parallel on one database without resets.
// Until the domain services exist these write through Prisma; they move onto the services as
// each area lands.

export async function createOrganization(
  data: Partial<Prisma.OrganizationUncheckedCreateInput> = {},
) {
  const slug = uid("org");
  return testDb().organization.create({ data: { name: `Org ${slug}`, slug, ...data } });
}

export async function createUser(data: Partial<Prisma.UserUncheckedCreateInput> = {}) {
  const key = uid("user");
  return testDb().user.create({
    data: { email: `${key}@example.test`, name: key, clerkUserId: key, ...data },
  });
}

export async function createAgent(
  organizationId: string,
  data: Partial<Prisma.AgentUncheckedCreateInput> = {},
) {
  const slug = uid("agent");
  return testDb().agent.create({ data: { organizationId, name: slug, slug, ...data } });
}

export async function createAgentConfig(
  agent: { id: string; organizationId: string },
  data: Partial<Prisma.AgentConfigUncheckedCreateInput> = {},
) {
  return testDb().agentConfig.create({
    data: {
      organizationId: agent.organizationId,
      agentId: agent.id,
      version: 1,
      environment: "development",
      name: "config",
      systemPrompt: "You are helpful.",
      model: { provider: "anthropic", name: "claude-sonnet-4-5" },
      ...data,
    },
  });
}

export async function createEntityType(
  organizationId: string,
  data: Partial<Prisma.EntityTypeUncheckedCreateInput> = {},
) {
  const slug = uid("type");
  return testDb().entityType.create({
    data: { organizationId, name: slug, slug, schema: { type: "object" }, ...data },
  });
}

export async function createEntity(
  type: { id: string; organizationId: string },
  data: Partial<Prisma.EntityUncheckedCreateInput> = {},
) {
  return testDb().entity.create({
    data: {
      organizationId: type.organizationId,
      entityTypeId: type.id,
      data: { name: uid("name") },
      ...data,
    },
  });
}

export async function createRole(
  organizationId: string,
  data: Partial<Prisma.RoleUncheckedCreateInput> = {},
) {
  return testDb().role.create({ data: { organizationId, name: uid("role"), ...data } });
}

export async function createPolicy(
  role: { id: string; organizationId: string },
  data: Partial<Prisma.PolicyUncheckedCreateInput> = {},
) {
  return testDb().policy.create({
    data: {
      organizationId: role.organizationId,
      roleId: role.id,
      resource: "*",
      action: "read",
      effect: "allow",
      ...data,
    },
  });
}

/** An organization with a user of the given org role in it; `caller` acts as that user there. */
export async function createMember(
  organizationId: string,
  role: "owner" | "admin" | "member" = "member",
) {
  const user = await createUser();
  await testDb().membership.create({ data: { userId: user.id, organizationId, role } });
  return user;
}

/** A fresh organization with an owner, an admin and a member. */
export async function createTenant() {
  const org = await createOrganization();
  const [owner, admin, member] = [
    await createMember(org.id, "owner"),
    await createMember(org.id, "admin"),
    await createMember(org.id, "member"),
  ];
  return { org, owner, admin, member };
}

export type Tenant = Awaited<ReturnType<typeof createTenant>>;
