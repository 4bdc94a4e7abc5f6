import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DEFAULT_MODEL, type AgentConfigInput } from "@/server/agent/config";
import { as, caught, eventsOf, fieldOf, walkPages } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createAgent, createAgentConfig, createTenant, type Tenant } from "@/test/factories";

// Agents and their config lifecycle (docs/agents.md): slugs, immutable config rows with versions per
// environment, deploy, rollback, history and diff; members read, owners and admins change.

const config = (overrides: Partial<AgentConfigInput> = {}): AgentConfigInput => ({
  name: "Support",
  systemPrompt: "You answer support questions.",
  model: { provider: "anthropic", name: "claude-sonnet-4-5", temperature: 0.2 },
  tools: [{ isBuiltin: true, name: "entity.query" }],
  ...overrides,
});

const customTool = (name: string, parameters: Record<string, unknown> = { type: "object" }) => ({
  isBuiltin: false as const,
  name,
  description: `The ${name} tool`,
  parameters,
  handlerCode: "return args;",
});

/** The paths of the zod issues a refused call carries. */
async function zodPaths(call: Promise<unknown>): Promise<string[]> {
  const error = await caught(call);
  expect(error.code).toBe("BAD_REQUEST");
  expect(error.cause).toBeInstanceOf(ZodError);
  return (error.cause as ZodError).issues.map((issue) => issue.path.join("."));
}

const agentRows = (orgId: string) =>
  testDb().agent.findMany({ where: { organizationId: orgId }, orderBy: { id: "asc" } });
const configRows = (agentId: string) =>
  testDb().agentConfig.findMany({ where: { agentId }, orderBy: { id: "asc" } });

async function newAgent(t: Tenant, input: { name?: string; config?: AgentConfigInput } = {}) {
  return as(t, "owner").agents.create({ name: input.name ?? uid("Agent"), config: input.config });
}

describe("agents: create and slugs", () => {
  it("generates the slug from the name and de-duplicates it with -2, -3 among live agents", async () => {
    const t = await createTenant();
    const admin = as(t, "admin");
    const first = await admin.agents.create({ name: "Front Desk!" });
    const second = await admin.agents.create({ name: "front desk" });
    const third = await admin.agents.create({ name: "FRONT   desk" });
    expect([first.slug, second.slug, third.slug]).toEqual([
      "front-desk",
      "front-desk-2",
      "front-desk-3",
    ]);
    // A name without a letter or digit still makes a slug.
    expect((await admin.agents.create({ name: "!!!" })).slug).toBe("agent");
    // Another organization's slugs are no concern of this one.
    const other = await createTenant();
    expect((await as(other, "owner").agents.create({ name: "Front desk" })).slug).toBe(
      "front-desk",
    );
  });

  it("an explicit slug that is taken is a 409 naming slug and changes nothing; a deleted agent's slug is free", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const taken = await owner.agents.create({ name: "Tutor", slug: "tutor" });
    const before = await agentRows(t.org.id);
    const error = await caught(owner.agents.create({ name: "Another", slug: "tutor" }));
    expect([error.code, fieldOf(error)]).toEqual(["CONFLICT", "slug"]);
    expect(await agentRows(t.org.id)).toEqual(before);

    await owner.agents.remove({ id: taken.id });
    const again = await owner.agents.create({ name: "Tutor again", slug: "tutor" });
    expect(again.slug).toBe("tutor");
    // A generated slug is free again too.
    await owner.agents.remove({ id: again.id });
    expect((await owner.agents.create({ name: "Tutor" })).slug).toBe("tutor");
    // The deleted ones keep their slug and their status says so.
    expect(await owner.agents.get({ id: taken.id })).toMatchObject({
      slug: "tutor",
      status: "deleted",
    });
  });

  it("creates development config version 1 (the default, or the given config) and points the agent at it", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const plain = await owner.agents.create({ name: "Plain", description: "Says hi" });
    expect(plain).toMatchObject({
      status: "active",
      description: "Says hi",
      development: { version: 1 },
      production: null,
      lastTurnAt: null,
    });
    const stored = await owner.agents.getWithConfig({ id: plain.id });
    expect(stored.developmentConfig).toMatchObject({
      id: plain.development!.configId,
      version: 1,
      environment: "development",
      name: "Plain",
      model: { provider: "anthropic", name: DEFAULT_MODEL },
      tools: [],
      sourceConfigId: null,
      deployedBy: { id: t.owner.id, email: t.owner.email },
    });
    expect(stored.productionConfig).toBeNull();

    const given = await owner.agents.create({ name: "Given", config: config() });
    const withConfig = await owner.agents.getWithConfig({ id: given.id });
    expect(withConfig.developmentConfig).toMatchObject({ version: 1, ...config() });

    expect(await eventsOf(t.org.id, { eventType: "agent.created" })).toMatchObject([
      {
        actorType: "user",
        actorId: t.owner.id,
        payload: {
          agentId: plain.id,
          slug: "plain",
          developmentConfigId: plain.development!.configId,
        },
      },
      { actorId: t.owner.id, payload: { agentId: given.id, version: 1 } },
    ]);
  });

  it("refuses an invalid config with the zod path and creates nothing", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const before = await agentRows(t.org.id);
    const bad = [
      // entity_query is entity.query once dots become underscores for the model.
      [
        config({ tools: [{ isBuiltin: true, name: "entity.query" }, customTool("entity_query")] }),
        "config.tools.1.name",
      ],
      [config({ tools: [customTool("lookup", { type: "string" })] }), "config.tools.0.parameters"],
      [
        config({
          tools: [customTool("lookup", { type: "object", properties: { a: { type: "nope" } } })],
        }),
        "config.tools.0.parameters",
      ],
      [
        { ...config(), model: { provider: "openai", name: "gpt" } } as unknown as AgentConfigInput,
        "config.model.provider",
      ],
    ] as const;
    for (const [input, path] of bad) {
      expect(await zodPaths(owner.agents.create({ name: "Broken", config: input }))).toContain(
        path,
      );
    }
    expect(await agentRows(t.org.id)).toEqual(before);
  });
});

describe("agents: reading", () => {
  it("lists live agents newest first (or one status), with pointers and the latest turn, in exact pages", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const created: Awaited<ReturnType<typeof newAgent>>[] = [];
    for (let i = 0; i < 5; i += 1) created.push(await newAgent(t));
    await owner.agents.update({ id: created[1]!.id, status: "paused" });
    await owner.agents.remove({ id: created[2]!.id });
    await owner.agents.deploy({ agentId: created[3]!.id });
    const older = new Date("2026-01-01T00:00:00Z");
    const newer = new Date("2026-02-01T00:00:00Z");
    for (const createdAt of [older, newer]) {
      await testDb().execution.create({
        data: {
          organizationId: t.org.id,
          agentId: created[4]!.id,
          environment: "development",
          status: "success",
          createdAt,
        },
      });
    }

    const member = as(t, "member");
    const ids = await walkPages(async (cursor) => member.agents.list({ cursor, limit: 2 }), 2);
    expect(ids).toEqual([created[4]!.id, created[3]!.id, created[1]!.id, created[0]!.id]);
    const { items } = await member.agents.list({});
    expect(items.find((agent) => agent.id === created[4]!.id)?.lastTurnAt).toEqual(newer);
    expect(items.find((agent) => agent.id === created[0]!.id)?.lastTurnAt).toBeNull();
    const deployed = items.find((agent) => agent.id === created[3]!.id)!;
    expect(deployed.production).toMatchObject({ version: 1, deployedAt: expect.any(Date) });
    expect(deployed.development).toMatchObject({ version: 1 });

    const deleted = await member.agents.list({ status: "deleted" });
    expect(deleted.items.map((agent) => agent.id)).toEqual([created[2]!.id]);
    const paused = await member.agents.list({ status: "paused" });
    expect(paused.items.map((agent) => agent.id)).toEqual([created[1]!.id]);

    // A cursor must be an agent of that list: a deleted one is not one of the live list.
    const error = await caught(member.agents.list({ cursor: created[2]!.id }));
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
  });

  it("getBySlug finds the live agent; get also returns a deleted one", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const old = await owner.agents.create({ name: "Helper" });
    await owner.agents.remove({ id: old.id });
    const current = await owner.agents.create({ name: "Helper" });
    const member = as(t, "member");
    expect((await member.agents.getBySlug({ slug: "helper" })).id).toBe(current.id);
    expect((await member.agents.get({ id: old.id })).status).toBe("deleted");
    await owner.agents.remove({ id: current.id });
    expect((await caught(member.agents.getBySlug({ slug: "helper" }))).code).toBe("NOT_FOUND");
  });
});

describe("agents: update and remove", () => {
  it("updates name, description and status with one event of the changes; a deleted agent is not found", async () => {
    const t = await createTenant();
    const agent = await newAgent(t, { name: "Before" });
    const admin = as(t, "admin");
    const updated = await admin.agents.update({
      id: agent.id,
      name: "After",
      description: "New",
      status: "paused",
    });
    expect(updated).toMatchObject({ name: "After", description: "New", status: "paused" });
    expect(updated.slug).toBe(agent.slug);
    // Nothing to change: no event.
    await admin.agents.update({ id: agent.id, name: "After" });
    expect(await eventsOf(t.org.id, { eventType: "agent.updated" })).toMatchObject([
      {
        actorId: t.admin.id,
        payload: {
          agentId: agent.id,
          changes: {
            name: { from: "Before", to: "After" },
            description: { from: null, to: "New" },
            status: { from: "active", to: "paused" },
          },
        },
      },
    ]);

    expect(await admin.agents.remove({ id: agent.id })).toEqual({ id: agent.id, removed: true });
    expect(await eventsOf(t.org.id, { eventType: "agent.deleted" })).toMatchObject([
      { actorId: t.admin.id, payload: { agentId: agent.id, slug: agent.slug } },
    ]);
    expect((await caught(admin.agents.update({ id: agent.id, name: "X" }))).code).toBe("NOT_FOUND");
    expect((await caught(admin.agents.remove({ id: agent.id }))).code).toBe("NOT_FOUND");
    expect(
      (await caught(admin.agents.syncDevelopment({ agentId: agent.id, config: config() }))).code,
    ).toBe("NOT_FOUND");
  });

  it("members read everything but change nothing (FORBIDDEN)", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    await as(t, "owner").agents.deploy({ agentId: agent.id });
    const prod = (await as(t, "owner").agents.getWithConfig({ id: agent.id })).productionConfig!;
    const member = as(t, "member");
    await member.agents.list({});
    await member.agents.get({ id: agent.id });
    await member.agents.getBySlug({ slug: agent.slug });
    await member.agents.getWithConfig({ id: agent.id });
    await member.agents.listConfigs({ agentId: agent.id });
    await member.agents.diff({ agentId: agent.id });
    const before = JSON.stringify([await agentRows(t.org.id), await configRows(agent.id)]);
    // Each call is made only when awaited: a rejection made early would go unhandled.
    const refused = [
      () => member.agents.create({ name: "Mine" }),
      () => member.agents.update({ id: agent.id, name: "Mine" }),
      () => member.agents.remove({ id: agent.id }),
      () => member.agents.syncDevelopment({ agentId: agent.id, config: config() }),
      () => member.agents.deploy({ agentId: agent.id }),
      () => member.agents.rollback({ agentId: agent.id, configId: prod.id }),
    ];
    for (const call of refused) expect((await caught(call())).code).toBe("FORBIDDEN");
    expect(JSON.stringify([await agentRows(t.org.id), await configRows(agent.id)])).toBe(before);
  });
});

describe("agents: config lifecycle", () => {
  it("sync inserts new development rows with increasing versions; deploy copies the current one into production", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const admin = as(t, "admin");
    const v2 = await admin.agents.syncDevelopment({
      agentId: agent.id,
      config: config({ systemPrompt: "Second" }),
    });
    const v3 = await admin.agents.syncDevelopment({
      agentId: agent.id,
      config: config({ systemPrompt: "Third" }),
    });
    expect([v2.version, v3.version]).toEqual([2, 3]);
    expect(v3).toMatchObject({ environment: "development", deployedBy: { id: t.admin.id } });
    // Rows are history: the earlier ones are unchanged.
    expect(
      (await testDb().agentConfig.findUniqueOrThrow({ where: { id: v2.id } })).systemPrompt,
    ).toBe("Second");

    const p1 = await admin.agents.deploy({ agentId: agent.id });
    expect(p1).toMatchObject({
      environment: "production",
      version: 1,
      sourceConfigId: v3.id,
      deployedBy: { id: t.admin.id },
      name: v3.name,
      systemPrompt: "Third",
      model: v3.model,
      tools: v3.tools,
    });
    await admin.agents.syncDevelopment({ agentId: agent.id, config: config({ name: "Fourth" }) });
    const p2 = await as(t, "owner").agents.deploy({ agentId: agent.id });
    expect([p2.version, p2.name, p2.deployedBy?.id]).toEqual([2, "Fourth", t.owner.id]);
    expect(await as(t, "member").agents.get({ id: agent.id })).toMatchObject({
      development: { version: 4 },
      production: { configId: p2.id, version: 2 },
    });

    expect(await eventsOf(t.org.id, { eventType: "agent.configSynced" })).toMatchObject([
      { actorId: t.admin.id, payload: { agentId: agent.id, configId: v2.id, version: 2 } },
      { actorId: t.admin.id, payload: { configId: v3.id, version: 3 } },
      { actorId: t.admin.id, payload: { version: 4 } },
    ]);
    expect(await eventsOf(t.org.id, { eventType: "agent.deployed" })).toMatchObject([
      { actorId: t.admin.id, payload: { configId: p1.id, version: 1, sourceConfigId: v3.id } },
      { actorId: t.owner.id, payload: { configId: p2.id, version: 2 } },
    ]);
  });

  it("sync refuses an invalid config with its path and writes nothing", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const owner = as(t, "owner");
    const before = await configRows(agent.id);
    expect(
      await zodPaths(
        owner.agents.syncDevelopment({
          agentId: agent.id,
          config: config({
            tools: [customTool("event_emit"), { isBuiltin: true, name: "event.emit" }],
          }),
        }),
      ),
    ).toContain("config.tools.1.name");
    expect(
      await zodPaths(
        owner.agents.syncDevelopment({
          agentId: agent.id,
          config: config({ tools: [customTool("calc", { type: "object", required: "a" })] }),
        }),
      ),
    ).toContain("config.tools.0.parameters");
    expect(await configRows(agent.id)).toEqual(before);
    expect(await eventsOf(t.org.id, { eventType: "agent.configSynced" })).toEqual([]);
  });

  it("deploy without a development config is a 409; deploys at once get distinct versions", async () => {
    const t = await createTenant();
    const bare = await createAgent(t.org.id);
    const owner = as(t, "owner");
    const error = await caught(owner.agents.deploy({ agentId: bare.id }));
    expect([error.code, error.message]).toEqual([
      "CONFLICT",
      "No development configuration to deploy",
    ]);

    const agent = await newAgent(t);
    // Six at once (on PostgreSQL they overlap; PGlite runs them one after the other).
    const callers = [owner, as(t, "admin"), owner, as(t, "admin"), owner, as(t, "admin")];
    const results = await Promise.all(
      callers.map((caller) => caller.agents.deploy({ agentId: agent.id })),
    );
    expect(results.map((row) => row.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const production = await testDb().agentConfig.findMany({
      where: { agentId: agent.id, environment: "production" },
    });
    expect(production).toHaveLength(6);
  });

  it("rollback re-deploys an earlier production config as a new row; only production configs of the agent", async () => {
    const t = await createTenant();
    const agent = await newAgent(t, { config: config({ systemPrompt: "One" }) });
    const owner = as(t, "owner");
    const p1 = await owner.agents.deploy({ agentId: agent.id });
    const dev2 = await owner.agents.syncDevelopment({
      agentId: agent.id,
      config: config({ systemPrompt: "Two", tools: [] }),
    });
    await owner.agents.deploy({ agentId: agent.id });

    const p3 = await as(t, "admin").agents.rollback({ agentId: agent.id, configId: p1.id });
    expect(p3).toMatchObject({
      environment: "production",
      version: 3,
      sourceConfigId: p1.id,
      systemPrompt: "One",
      tools: p1.tools,
      deployedBy: { id: t.admin.id },
    });
    expect(p3.id).not.toBe(p1.id);
    expect((await owner.agents.get({ id: agent.id })).production?.configId).toBe(p3.id);
    expect(await eventsOf(t.org.id, { eventType: "agent.rolledBack" })).toMatchObject([
      {
        actorId: t.admin.id,
        payload: { agentId: agent.id, configId: p3.id, version: 3, sourceConfigId: p1.id },
      },
    ]);

    const before = await configRows(agent.id);
    const dev = await caught(owner.agents.rollback({ agentId: agent.id, configId: dev2.id }));
    expect([dev.code, fieldOf(dev)]).toEqual(["BAD_REQUEST", "configId"]);
    const otherAgent = await newAgent(t);
    const otherProd = await owner.agents.deploy({ agentId: otherAgent.id });
    const foreign = await caught(
      owner.agents.rollback({ agentId: agent.id, configId: otherProd.id }),
    );
    expect(foreign.code).toBe("NOT_FOUND");
    expect(await configRows(agent.id)).toEqual(before);
  });

  it("listConfigs is the history newest first, with who, the source and the current pointers", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const owner = as(t, "owner");
    const d2 = await owner.agents.syncDevelopment({ agentId: agent.id, config: config() });
    const p1 = await owner.agents.deploy({ agentId: agent.id });
    const d3 = await as(t, "admin").agents.syncDevelopment({ agentId: agent.id, config: config() });
    const member = as(t, "member");
    const all = await member.agents.listConfigs({ agentId: agent.id });
    expect(all.items.map((row) => [row.id, row.current])).toEqual([
      [d3.id, true],
      [p1.id, true],
      [d2.id, false],
      [agent.development!.configId, false],
    ]);
    expect(all.items[0]).toMatchObject({ deployedBy: { id: t.admin.id }, sourceConfigId: null });
    expect(all.items[1]).toMatchObject({ deployedBy: { id: t.owner.id }, sourceConfigId: d2.id });

    const production = await member.agents.listConfigs({
      agentId: agent.id,
      environment: "production",
    });
    expect(production.items.map((row) => row.id)).toEqual([p1.id]);
    const paged = await walkPages(
      (cursor) => member.agents.listConfigs({ agentId: agent.id, cursor, limit: 3 }),
      3,
    );
    expect(paged).toEqual(all.items.map((row) => row.id));
    // A development config is no cursor of the production history.
    const error = await caught(
      member.agents.listConfigs({ agentId: agent.id, environment: "production", cursor: d3.id }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
  });

  it("diff compares production with development by default, field by field and tool by tool", async () => {
    const t = await createTenant();
    const lookup = customTool("lookup", { type: "object", properties: { q: { type: "string" } } });
    const agent = await newAgent(t, {
      config: config({ tools: [{ isBuiltin: true, name: "entity.query" }, lookup] }),
    });
    const owner = as(t, "owner");
    const member = as(t, "member");
    // Nothing deployed yet: everything differs from "no production config".
    const first = await member.agents.diff({ agentId: agent.id });
    expect(first.from).toBeNull();
    expect(first.to?.id).toBe(agent.development!.configId);
    expect(first.toolsAdded).toEqual(["entity.query", "lookup"]);

    const prod = await owner.agents.deploy({ agentId: agent.id });
    expect(await member.agents.diff({ agentId: agent.id })).toMatchObject({
      from: { id: prod.id },
      to: { id: agent.development!.configId },
      changes: [],
      toolsAdded: [],
      toolsRemoved: [],
      toolsChanged: [],
    });

    const dev = await owner.agents.syncDevelopment({
      agentId: agent.id,
      config: config({
        systemPrompt: "Changed",
        model: { provider: "anthropic", name: "claude-sonnet-4-5", maxTokens: 1000 },
        tools: [
          { ...lookup, description: "Looks up" },
          { isBuiltin: true, name: "event.emit" },
        ],
      }),
    });
    const diff = await member.agents.diff({ agentId: agent.id });
    expect(diff.changes.map((change) => change.field)).toEqual([
      "systemPrompt",
      "model.temperature",
      "model.maxTokens",
      "tools",
    ]);
    expect(diff.changes).toContainEqual({
      field: "systemPrompt",
      from: "You answer support questions.",
      to: "Changed",
    });
    expect(diff.changes).toContainEqual({ field: "model.temperature", from: 0.2, to: null });
    expect(diff.changes).toContainEqual({ field: "model.maxTokens", from: null, to: 1000 });
    expect([diff.toolsAdded, diff.toolsRemoved, diff.toolsChanged]).toEqual([
      ["event.emit"],
      ["entity.query"],
      ["lookup"],
    ]);

    // Explicit configs, either way round.
    const back = await member.agents.diff({
      agentId: agent.id,
      fromConfigId: dev.id,
      toConfigId: prod.id,
    });
    expect([back.from?.id, back.to?.id, back.toolsAdded]).toEqual([
      dev.id,
      prod.id,
      ["entity.query"],
    ]);
    // Another agent's config is not found.
    const other = await newAgent(t);
    const error = await caught(
      member.agents.diff({ agentId: agent.id, fromConfigId: other.development!.configId }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("reads a config written by another path (the test factory) in the typed shape", async () => {
    const t = await createTenant();
    const agent = await createAgent(t.org.id);
    const row = await createAgentConfig(agent);
    await testDb().agent.update({ where: { id: agent.id }, data: { developmentConfigId: row.id } });
    const stored = await as(t, "member").agents.getWithConfig({ id: agent.id });
    expect(stored.developmentConfig).toMatchObject({
      id: row.id,
      model: { provider: "anthropic", name: "claude-sonnet-4-5" },
      tools: [],
      deployedBy: null,
    });
  });
});
