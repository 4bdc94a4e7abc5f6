import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { testDb, uid } from "@/test/db";
import {
  createAgent,
  createAgentConfig,
  createEntity,
  createEntityType,
  createOrganization,
  createPolicy,
  createRole,
  createUser,
} from "@/test/factories";

// Proves the data model on a real database: every table is written and read back through
// Prisma, and every uniqueness rule of is enforced by the database itself.

const db = testDb;

async function expectUniqueViolation(write: Promise<unknown>): Promise<void> {
  const error = await write.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "the duplicate was accepted").toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
}

/** A full tenant graph: one row in each tenant table, linked as in production. */
async function seedTenant() {
  const org = await createOrganization({ notificationWebhookUrl: "http://127.0.0.1:9/hook" });
  const user = await createUser();
  const membership = await db().membership.create({
    data: { userId: user.id, organizationId: org.id, role: "owner" },
  });
  const agent = await createAgent(org.id, { description: "front desk" });
  const config = await createAgentConfig(agent, {
    tools: [{ name: "entity.query", isBuiltin: true }],
    model: { provider: "anthropic", name: "claude-sonnet-4-5", temperature: 0.2, maxTokens: 1024 },
  });
  await db().agent.update({ where: { id: agent.id }, data: { developmentConfigId: config.id } });
  const thread = await db().thread.create({
    data: {
      organizationId: org.id,
      agentId: agent.id,
      userId: user.id,
      externalId: uid("ext"),
      metadata: { channel: "web" },
    },
  });
  const message = await db().message.create({
    data: {
      organizationId: org.id,
      threadId: thread.id,
      role: "assistant",
      content: "Let me look that up.",
      toolCalls: [{ id: "call_1", name: "entity.query", arguments: { type: "student" } }],
    },
  });
  const type = await createEntityType(org.id, {
    schema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    searchFields: ["name"],
    displayConfig: { listFields: ["name"] },
  });
  const entity = await createEntity(type, {
    data: { name: "Ada Lovelace", grade: 7 },
    searchText: "ada lovelace",
  });
  const other = await createEntity(type, {
    data: { name: "Alan Turing" },
    searchText: "alan turing",
  });
  const relation = await db().entityRelation.create({
    data: {
      organizationId: org.id,
      fromEntityId: entity.id,
      toEntityId: other.id,
      relationType: "knows",
      metadata: { since: 1936 },
    },
  });
  const event = await db().event.create({
    data: {
      organizationId: org.id,
      entityId: entity.id,
      entityTypeSlug: type.slug,
      eventType: `${type.slug}.created`,
      actorType: "user",
      actorId: user.id,
      payload: { data: { name: "Ada Lovelace" } },
    },
  });
  const job = await db().job.create({
    data: {
      organizationId: org.id,
      entityId: entity.id,
      jobType: "entity.process",
      idempotencyKey: uid("job"),
      payload: { entityId: entity.id },
    },
  });
  const role = await createRole(org.id, { description: "teachers" });
  const policy = await createPolicy(role, { resource: type.slug, action: "list", priority: 50 });
  const scopeRule = await db().scopeRule.create({
    data: {
      organizationId: org.id,
      policyId: policy.id,
      type: "field",
      field: "data.teacherId",
      operator: "eq",
      value: "actor.userId",
    },
  });
  const fieldMask = await db().fieldMask.create({
    data: {
      organizationId: org.id,
      policyId: policy.id,
      fieldPath: "data.phone",
      maskType: "redact",
      maskConfig: { pattern: "\\d", replacement: "*" },
    },
  });
  const userRole = await db().userRole.create({
    data: {
      organizationId: org.id,
      userId: user.id,
      roleId: role.id,
      grantedById: user.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const apiKey = await db().apiKey.create({
    data: {
      organizationId: org.id,
      name: "ci",
      keyHash: uid("hash"),
      keyPrefix: "af_test_abcd1234",
      environment: "development",
      createdById: user.id,
    },
  });
  const execution = await db().execution.create({
    data: {
      organizationId: org.id,
      agentId: agent.id,
      threadId: thread.id,
      configId: config.id,
      environment: "development",
      model: "claude-sonnet-4-5",
      inputTokens: 120,
      outputTokens: 40,
      durationMs: 850,
      status: "success",
      stopReason: "end_turn",
      toolCallCount: 1,
    },
  });
  const toolPermission = await db().toolPermission.create({
    data: {
      organizationId: org.id,
      agentId: agent.id,
      toolName: "entity.query",
      identityMode: "configured",
      configuredRoleId: role.id,
      allowedActions: ["read", "list"],
      deniedFields: ["data.phone"],
    },
  });
  const installedPack = await db().installedPack.create({
    data: {
      organizationId: org.id,
      packId: uid("pack"),
      version: "1.0.0",
      entityTypeIds: [type.id],
      roleIds: [role.id],
      installedById: user.id,
    },
  });
  const webhookEvent = await db().webhookEvent.create({
    data: {
      source: "clerk",
      externalId: uid("msg"),
      type: "user.created",
      status: "processed",
      processedAt: new Date(),
    },
  });
  const bucket = await db().rateLimitBucket.create({
    data: { key: `apiKey:${apiKey.id}`, tokens: 9.5, updatedAt: new Date() },
  });
  return {
    org,
    user,
    membership,
    agent,
    config,
    thread,
    message,
    type,
    entity,
    other,
    relation,
    event,
    job,
    role,
    policy,
    scopeRule,
    fieldMask,
    userRole,
    apiKey,
    execution,
    toolPermission,
    installedPack,
    webhookEvent,
    bucket,
  };
}

type Seed = Awaited<ReturnType<typeof seedTenant>>;

// One read-back per model: adding a model without a case here fails the "every model" test.
const readBack: Record<Prisma.ModelName, (seed: Seed) => Promise<void>> = {
  Organization: async ({ org }) => {
    const row = await db().organization.findUniqueOrThrow({ where: { slug: org.slug } });
    expect(row).toMatchObject({
      name: org.name,
      plan: "free",
      notificationWebhookUrl: "http://127.0.0.1:9/hook",
    });
  },
  User: async ({ user }) => {
    const row = await db().user.findUniqueOrThrow({ where: { clerkUserId: user.clerkUserId! } });
    expect(row).toMatchObject({ email: user.email, deletedAt: null });
  },
  Membership: async ({ user, org }) => {
    const row = await db().membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId: user.id, organizationId: org.id } },
    });
    expect(row.role).toBe("owner");
  },
  Agent: async ({ agent, config }) => {
    const row = await db().agent.findUniqueOrThrow({
      where: { id: agent.id },
      include: { developmentConfig: true },
    });
    expect(row).toMatchObject({ status: "active", description: "front desk" });
    expect(row.developmentConfig?.id).toBe(config.id);
  },
  AgentConfig: async ({ config, agent }) => {
    const row = await db().agentConfig.findUniqueOrThrow({
      where: { id: config.id },
      include: { developmentOf: true },
    });
    expect(row.model).toEqual({
      provider: "anthropic",
      name: "claude-sonnet-4-5",
      temperature: 0.2,
      maxTokens: 1024,
    });
    expect(row.tools).toEqual([{ name: "entity.query", isBuiltin: true }]);
    expect(row.developmentOf?.id).toBe(agent.id);
  },
  Thread: async ({ thread }) => {
    const row = await db().thread.findUniqueOrThrow({ where: { id: thread.id } });
    expect(row.metadata).toEqual({ channel: "web" });
  },
  Message: async ({ message, thread }) => {
    const rows = await db().message.findMany({
      where: { threadId: thread.id },
      orderBy: { seq: "asc" },
    });
    expect(rows.map((row) => row.id)).toEqual([message.id]);
    expect(rows[0]?.toolCalls).toEqual([
      { id: "call_1", name: "entity.query", arguments: { type: "student" } },
    ]);
  },
  EntityType: async ({ type }) => {
    const row = await db().entityType.findUniqueOrThrow({
      where: { organizationId_slug: { organizationId: type.organizationId, slug: type.slug } },
    });
    expect(row.searchFields).toEqual(["name"]);
    expect(row.schema).toMatchObject({ required: ["name"] });
  },
  Entity: async ({ entity }) => {
    const row = await db().entity.findUniqueOrThrow({ where: { id: entity.id } });
    expect(row).toMatchObject({
      status: "active",
      data: { name: "Ada Lovelace", grade: 7 },
      deletedAt: null,
    });
  },
  EntityRelation: async ({ relation, entity }) => {
    const row = await db().entityRelation.findFirstOrThrow({ where: { fromEntityId: entity.id } });
    expect(row).toMatchObject({
      id: relation.id,
      relationType: "knows",
      metadata: { since: 1936 },
    });
  },
  Event: async ({ event, entity }) => {
    const rows = await db().event.findMany({
      where: { organizationId: event.organizationId, entityId: entity.id },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: "user",
      schemaVersion: 1,
      payload: { data: { name: "Ada Lovelace" } },
    });
  },
  Job: async ({ job }) => {
    const row = await db().job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "pending", attempts: 0, maxAttempts: 3, priority: 0 });
    expect(row.scheduledFor).toBeInstanceOf(Date);
  },
  Role: async ({ role }) => {
    const row = await db().role.findUniqueOrThrow({
      where: { id: role.id },
      include: { policies: true },
    });
    expect(row).toMatchObject({ isSystem: false, description: "teachers" });
    expect(row.policies).toHaveLength(1);
  },
  Policy: async ({ policy }) => {
    const row = await db().policy.findUniqueOrThrow({
      where: { id: policy.id },
      include: { scopeRules: true, fieldMasks: true },
    });
    expect(row).toMatchObject({ action: "list", effect: "allow", priority: 50 });
    expect(row.scopeRules).toHaveLength(1);
    expect(row.fieldMasks).toHaveLength(1);
  },
  ScopeRule: async ({ scopeRule }) => {
    const row = await db().scopeRule.findUniqueOrThrow({ where: { id: scopeRule.id } });
    expect(row).toMatchObject({
      type: "field",
      operator: "eq",
      value: "actor.userId",
      relationDirection: "any",
    });
  },
  FieldMask: async ({ fieldMask }) => {
    const row = await db().fieldMask.findUniqueOrThrow({ where: { id: fieldMask.id } });
    expect(row).toMatchObject({
      maskType: "redact",
      maskConfig: { pattern: "\\d", replacement: "*" },
    });
  },
  UserRole: async ({ userRole }) => {
    const row = await db().userRole.findUniqueOrThrow({ where: { id: userRole.id } });
    expect(row).toMatchObject({ resourceType: null, resourceId: null });
    expect(row.expiresAt?.getTime()).toBe(userRole.expiresAt?.getTime());
  },
  ApiKey: async ({ apiKey }) => {
    const row = await db().apiKey.findUniqueOrThrow({ where: { keyHash: apiKey.keyHash } });
    expect(row).toMatchObject({
      permissions: ["chat"],
      environment: "development",
      revokedAt: null,
    });
  },
  Execution: async ({ execution }) => {
    const row = await db().execution.findUniqueOrThrow({ where: { id: execution.id } });
    expect(row).toMatchObject({
      inputTokens: 120,
      outputTokens: 40,
      status: "success",
      toolCallCount: 1,
      environment: "development",
    });
  },
  ToolPermission: async ({ toolPermission, agent }) => {
    const row = await db().toolPermission.findUniqueOrThrow({
      where: { agentId_toolName: { agentId: agent.id, toolName: "entity.query" } },
    });
    expect(row).toMatchObject({
      id: toolPermission.id,
      identityMode: "configured",
      allowedActions: ["read", "list"],
      deniedFields: ["data.phone"],
    });
  },
  InstalledPack: async ({ installedPack, type, role }) => {
    const row = await db().installedPack.findUniqueOrThrow({ where: { id: installedPack.id } });
    expect(row).toMatchObject({
      status: "installed",
      entityTypeIds: [type.id],
      roleIds: [role.id],
      upgradeHistory: [],
    });
  },
  WebhookEvent: async ({ webhookEvent }) => {
    const row = await db().webhookEvent.findUniqueOrThrow({
      where: { source_externalId: { source: "clerk", externalId: webhookEvent.externalId } },
    });
    expect(row.status).toBe("processed");
  },
  RateLimitBucket: async ({ bucket }) => {
    const row = await db().rateLimitBucket.findUniqueOrThrow({ where: { key: bucket.key } });
    expect(row.tokens).toBe(9.5);
  },
};

describe("data model", () => {
  it("has the 23 tables of the specification", () => {
    expect(Object.keys(Prisma.ModelName)).toHaveLength(23);
    expect(Object.keys(readBack).sort()).toEqual(Object.keys(Prisma.ModelName).sort());
  });

  it("writes a row to every table and reads each back", async () => {
    const seed = await seedTenant();
    for (const check of Object.values(readBack)) await check(seed);
  });

  it("removes every tenant row when the organization is deleted", async () => {
    const seed = await seedTenant();
    // Restrict relations inside the tenant (config pointers, entity types, roles) must not block
    // the organization's own cascade.
    await db().organization.delete({ where: { id: seed.org.id } });
    const where = { organizationId: seed.org.id };
    const counts = await Promise.all([
      db().agent.count({ where }),
      db().agentConfig.count({ where }),
      db().thread.count({ where }),
      db().message.count({ where }),
      db().entityType.count({ where }),
      db().entity.count({ where }),
      db().entityRelation.count({ where }),
      db().event.count({ where }),
      db().job.count({ where }),
      db().role.count({ where }),
      db().policy.count({ where }),
      db().scopeRule.count({ where }),
      db().fieldMask.count({ where }),
      db().userRole.count({ where }),
      db().apiKey.count({ where }),
      db().execution.count({ where }),
      db().toolPermission.count({ where }),
      db().installedPack.count({ where }),
      db().membership.count({ where }),
    ]);
    expect(counts.every((count) => count === 0)).toBe(true);
    // Users are not tenant rows: they may belong to other organizations.
    expect(await db().user.count({ where: { id: seed.user.id } })).toBe(1);
  });

  it("maintains the full-text vector of entities in the database", async () => {
    const org = await createOrganization();
    const type = await createEntityType(org.id);
    const entity = await createEntity(type, { searchText: "grace hopper compiler" });
    const search = (query: string) =>
      db().$queryRaw<{ id: string }[]>`
        SELECT id FROM "entities"
        WHERE "organizationId" = ${org.id} AND "searchVector" @@ to_tsquery('simple', ${query})`;
    expect(await search("hopper")).toEqual([{ id: entity.id }]);
    await db().entity.update({
      where: { id: entity.id },
      data: { searchText: "ada lovelace engine" },
    });
    expect(await search("hopper")).toEqual([]);
    expect(await search("lovelace")).toEqual([{ id: entity.id }]);
  });
});

describe("uniqueness rules", () => {
  it("organizations: slug and clerkOrgId", async () => {
    const org = await createOrganization({ clerkOrgId: uid("org_clerk") });
    await expectUniqueViolation(createOrganization({ slug: org.slug }));
    await expectUniqueViolation(createOrganization({ clerkOrgId: org.clerkOrgId }));
  });

  it("users: clerkUserId (local users without one never collide)", async () => {
    const user = await createUser();
    await expectUniqueViolation(createUser({ clerkUserId: user.clerkUserId }));
    await createUser({ clerkUserId: null });
    await createUser({ clerkUserId: null });
  });

  it("memberships: one per user and organization; clerkMembershipId", async () => {
    const org = await createOrganization();
    const user = await createUser();
    const clerkMembershipId = uid("orgmem");
    await db().membership.create({
      data: { userId: user.id, organizationId: org.id, clerkMembershipId },
    });
    await expectUniqueViolation(
      db().membership.create({ data: { userId: user.id, organizationId: org.id } }),
    );
    const other = await createUser();
    await expectUniqueViolation(
      db().membership.create({
        data: { userId: other.id, organizationId: org.id, clerkMembershipId },
      }),
    );
  });

  it("agents: slug unique per organization among agents not deleted", async () => {
    const org = await createOrganization();
    const agent = await createAgent(org.id);
    await expectUniqueViolation(createAgent(org.id, { slug: agent.slug }));
    // Another organization may use the same slug.
    const elsewhere = await createOrganization();
    await createAgent(elsewhere.id, { slug: agent.slug });
    // Deleting the agent frees its slug.
    await db().agent.update({ where: { id: agent.id }, data: { status: "deleted" } });
    const successor = await createAgent(org.id, { slug: agent.slug });
    expect(successor.slug).toBe(agent.slug);
  });

  it("agents: a config is the development or production config of one agent only", async () => {
    const org = await createOrganization();
    const agent = await createAgent(org.id);
    const config = await createAgentConfig(agent);
    await db().agent.update({ where: { id: agent.id }, data: { developmentConfigId: config.id } });
    await expectUniqueViolation(createAgent(org.id, { developmentConfigId: config.id }));
    const prod = await createAgentConfig(agent, { environment: "production" });
    await db().agent.update({ where: { id: agent.id }, data: { productionConfigId: prod.id } });
    await expectUniqueViolation(createAgent(org.id, { productionConfigId: prod.id }));
  });

  it("agentConfigs: version unique per agent and environment", async () => {
    const org = await createOrganization();
    const agent = await createAgent(org.id);
    await createAgentConfig(agent, { version: 1, environment: "development" });
    await createAgentConfig(agent, { version: 1, environment: "production" });
    await expectUniqueViolation(
      createAgentConfig(agent, { version: 1, environment: "development" }),
    );
  });

  it("threads: externalId unique per organization and agent when set", async () => {
    const org = await createOrganization();
    const agent = await createAgent(org.id);
    const other = await createAgent(org.id);
    const externalId = uid("ext");
    const thread = (agentId: string, ext: string | null) =>
      db().thread.create({ data: { organizationId: org.id, agentId, externalId: ext } });
    await thread(agent.id, externalId);
    await thread(other.id, externalId);
    await expectUniqueViolation(thread(agent.id, externalId));
    await thread(agent.id, null);
    await thread(agent.id, null);
  });

  it("entityTypes: slug unique per organization", async () => {
    const org = await createOrganization();
    const type = await createEntityType(org.id);
    await expectUniqueViolation(createEntityType(org.id, { slug: type.slug }));
    await createEntityType((await createOrganization()).id, { slug: type.slug });
  });

  it("entityRelations: (from, type, to)", async () => {
    const org = await createOrganization();
    const type = await createEntityType(org.id);
    const [a, b] = [await createEntity(type), await createEntity(type)];
    const link = (relationType: string) =>
      db().entityRelation.create({
        data: { organizationId: org.id, fromEntityId: a.id, toEntityId: b.id, relationType },
      });
    await link("teaches");
    await link("knows");
    await expectUniqueViolation(link("teaches"));
  });

  it("jobs: idempotencyKey unique per organization when given", async () => {
    const org = await createOrganization();
    const key = uid("idem");
    const job = (organizationId: string, idempotencyKey: string | null) =>
      db().job.create({ data: { organizationId, jobType: "entity.process", idempotencyKey } });
    await job(org.id, key);
    await expectUniqueViolation(job(org.id, key));
    await job((await createOrganization()).id, key);
    await job(org.id, null);
    await job(org.id, null);
  });

  it("roles: name unique per organization", async () => {
    const org = await createOrganization();
    const role = await createRole(org.id);
    await expectUniqueViolation(createRole(org.id, { name: role.name }));
  });

  it("userRoles: one assignment per user, role and resource scope; absent and null scope are the same", async () => {
    const org = await createOrganization();
    const user = await createUser();
    const role = await createRole(org.id);
    const assign = (scope: { resourceType?: string | null; resourceId?: string | null }) =>
      db().userRole.create({
        data: { organizationId: org.id, userId: user.id, roleId: role.id, ...scope },
      });
    await assign({});
    await expectUniqueViolation(assign({ resourceType: null, resourceId: null }));
    await assign({ resourceType: "student", resourceId: "s1" });
    await expectUniqueViolation(assign({ resourceType: "student", resourceId: "s1" }));
    await assign({ resourceType: "student", resourceId: "s2" });
    await assign({ resourceType: "student" });
    await expectUniqueViolation(assign({ resourceType: "student", resourceId: null }));
  });

  it("apiKeys: keyHash", async () => {
    const org = await createOrganization();
    const keyHash = uid("hash");
    const key = () =>
      db().apiKey.create({
        data: {
          organizationId: org.id,
          name: "k",
          keyHash,
          keyPrefix: "af_live_00000000",
          environment: "production",
        },
      });
    await key();
    await expectUniqueViolation(key());
  });

  it("toolPermissions: one per agent and tool", async () => {
    const org = await createOrganization();
    const agent = await createAgent(org.id);
    const permission = () =>
      db().toolPermission.create({
        data: { organizationId: org.id, agentId: agent.id, toolName: "entity.get" },
      });
    await permission();
    await expectUniqueViolation(permission());
  });

  it("installedPacks: one install per organization and pack", async () => {
    const org = await createOrganization();
    const install = () =>
      db().installedPack.create({
        data: { organizationId: org.id, packId: "tutoring", version: "1.0.0" },
      });
    await install();
    await expectUniqueViolation(install());
  });

  it("webhookEvents: one row per source and delivery id", async () => {
    const externalId = uid("msg");
    const receive = (source: string) =>
      db().webhookEvent.create({
        data: { source, externalId, type: "user.updated", status: "processed" },
      });
    await receive("clerk");
    await expectUniqueViolation(receive("clerk"));
  });

  it("rateLimitBuckets: one bucket per key", async () => {
    const key = `org:${uid()}`;
    const bucket = () =>
      db().rateLimitBucket.create({ data: { key, tokens: 30, updatedAt: new Date() } });
    await bucket();
    await expectUniqueViolation(bucket());
  });
});
