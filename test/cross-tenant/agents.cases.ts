import { expect } from "vitest";
import { as, caught, fieldOf } from "@/test/business";
import {
  expectNotFound,
  withSetup,
  type CrossTenantCases,
  type CrossTenantContext,
} from "@/test/cross-tenant/harness";
import { testDb } from "@/test/db";

// Cross-tenant cases of the agents, threads and executions routers. B's agent (two development
// configs, one deployment), its thread with an externalId and messages, and its turns (one of
// them `running` past its deadline, which only a look from B may end) are made in each case's
// setup, before the harness fingerprints B. A's owner then gets NOT_FOUND, an empty list or A's
// own data, and B stays as it was.

const config = {
  name: "B's config",
  systemPrompt: "B's secret prompt",
  model: { provider: "anthropic" as const, name: "claude-sonnet-4-5" },
  tools: [],
};

async function seedB({ b }: CrossTenantContext) {
  const owner = as(b, "owner");
  const agent = await owner.agents.create({ name: "B's agent", slug: "b-agent" });
  const dev = await owner.agents.syncDevelopment({ agentId: agent.id, config });
  const prod = await owner.agents.deploy({ agentId: agent.id });
  const thread = await owner.threads.create({
    agentId: agent.id,
    externalId: "b-thread",
    metadata: { customer: "B" },
  });
  const message = await owner.threads.addMessage({
    threadId: thread.id,
    role: "user",
    content: "B's question",
  });
  const base = { organizationId: b.org.id, agentId: agent.id, environment: "production" as const };
  const finished = await testDb().execution.create({
    data: { ...base, threadId: thread.id, status: "success", inputTokens: 500, outputTokens: 50 },
  });
  const abandoned = await testDb().execution.create({
    data: {
      ...base,
      threadId: thread.id,
      status: "running",
      deadlineAt: new Date(Date.now() - 60_000),
    },
  });
  return { agent, dev, prod, thread, message, finished, abandoned };
}

/** A's own agent (with its config v1) and thread, to point at B's records from A's side. */
async function ownOfA({ a, asOwnerOfA }: CrossTenantContext) {
  const agent = await asOwnerOfA.agents.create({ name: "A's agent" });
  const thread = await asOwnerOfA.threads.create({ agentId: agent.id });
  const turn = await testDb().execution.create({
    data: {
      organizationId: a.org.id,
      agentId: agent.id,
      threadId: thread.id,
      environment: "development",
      status: "error",
      inputTokens: 7,
    },
  });
  return { agent, thread, turn };
}

type Seed = Awaited<ReturnType<typeof seedB>>;
const onB = (run: (t: CrossTenantContext, seed: Seed) => Promise<void>) => withSetup(seedB, run);

async function expectBadCursor(call: Promise<unknown>) {
  const error = await caught(call);
  expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
}

export const cases: CrossTenantCases = {
  "agents.list": onB(async (t, { agent }) => {
    const ours = await ownOfA(t);
    const { items } = await t.asOwnerOfA.agents.list({});
    expect(items.map((listed) => listed.id)).toEqual([ours.agent.id]);
    expect((await t.asOwnerOfA.agents.list({ status: "active" })).items).toHaveLength(1);
    await expectBadCursor(t.asOwnerOfA.agents.list({ cursor: agent.id }));
  }),
  "agents.get": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.get({ id: agent.id })),
  ),
  "agents.getBySlug": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.getBySlug({ slug: agent.slug })),
  ),
  "agents.getWithConfig": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.getWithConfig({ id: agent.id })),
  ),
  "agents.create": onB(async ({ a, asOwnerOfA }, { agent }) => {
    // Slugs are per organization: B's slug is free in A, and the new agent is A's.
    const created = await asOwnerOfA.agents.create({ name: "Copy", slug: agent.slug });
    const stored = await testDb().agent.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.organizationId).toBe(a.org.id);
  }),
  "agents.update": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.update({ id: agent.id, name: "Taken", status: "paused" })),
  ),
  "agents.remove": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.remove({ id: agent.id })),
  ),
  "agents.syncDevelopment": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.syncDevelopment({ agentId: agent.id, config })),
  ),
  "agents.deploy": onB(({ asOwnerOfA }, { agent }) =>
    expectNotFound(asOwnerOfA.agents.deploy({ agentId: agent.id })),
  ),
  "agents.rollback": onB(async (t, { agent, prod }) => {
    await expectNotFound(t.asOwnerOfA.agents.rollback({ agentId: agent.id, configId: prod.id }));
    const ours = await ownOfA(t);
    await expectNotFound(
      t.asOwnerOfA.agents.rollback({ agentId: ours.agent.id, configId: prod.id }),
    );
  }),
  "agents.listConfigs": onB(async (t, { agent, dev }) => {
    await expectNotFound(t.asOwnerOfA.agents.listConfigs({ agentId: agent.id }));
    const ours = await ownOfA(t);
    await expectBadCursor(
      t.asOwnerOfA.agents.listConfigs({ agentId: ours.agent.id, cursor: dev.id }),
    );
  }),
  "agents.diff": onB(async (t, { agent, dev, prod }) => {
    await expectNotFound(t.asOwnerOfA.agents.diff({ agentId: agent.id }));
    const ours = await ownOfA(t);
    await expectNotFound(
      t.asOwnerOfA.agents.diff({ agentId: ours.agent.id, fromConfigId: dev.id }),
    );
    await expectNotFound(t.asOwnerOfA.agents.diff({ agentId: ours.agent.id, toConfigId: prod.id }));
  }),

  "threads.list": onB(async (t, { agent, thread }) => {
    const ours = await ownOfA(t);
    const { items } = await t.asOwnerOfA.threads.list({});
    expect(items.map((listed) => listed.id)).toEqual([ours.thread.id]);
    expect((await t.asOwnerOfA.threads.list({ externalId: "b-thread" })).items).toEqual([]);
    await expectNotFound(t.asOwnerOfA.threads.list({ agentId: agent.id }));
    await expectNotFound(t.asOwnerOfA.threads.list({ userId: t.b.owner.id }));
    await expectBadCursor(t.asOwnerOfA.threads.list({ cursor: thread.id }));
  }),
  "threads.get": onB(({ asOwnerOfA }, { thread }) =>
    expectNotFound(asOwnerOfA.threads.get({ id: thread.id })),
  ),
  "threads.getByExternalId": onB(async (t, { agent }) => {
    await expectNotFound(
      t.asOwnerOfA.threads.getByExternalId({ agentId: agent.id, externalId: "b-thread" }),
    );
    const ours = await ownOfA(t);
    await expectNotFound(
      t.asOwnerOfA.threads.getByExternalId({ agentId: ours.agent.id, externalId: "b-thread" }),
    );
  }),
  "threads.getWithMessages": onB(({ asOwnerOfA }, { thread }) =>
    expectNotFound(asOwnerOfA.threads.getWithMessages({ id: thread.id })),
  ),
  "threads.getMessages": onB(async (t, { thread, message }) => {
    await expectNotFound(t.asOwnerOfA.threads.getMessages({ threadId: thread.id }));
    const ours = await ownOfA(t);
    await expectBadCursor(
      t.asOwnerOfA.threads.getMessages({ threadId: ours.thread.id, cursor: message.id }),
    );
  }),
  "threads.create": onB(async (t, { agent }) => {
    await expectNotFound(t.asOwnerOfA.threads.create({ agentId: agent.id }));
    // B's externalId is no concern of A's agent.
    const ours = await ownOfA(t);
    const created = await t.asOwnerOfA.threads.create({
      agentId: ours.agent.id,
      externalId: "b-thread",
    });
    const stored = await testDb().thread.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.organizationId).toBe(t.a.org.id);
  }),
  "threads.update": onB(({ asOwnerOfA }, { thread }) =>
    expectNotFound(asOwnerOfA.threads.update({ id: thread.id, metadata: null })),
  ),
  "threads.remove": onB(({ asOwnerOfA }, { thread }) =>
    expectNotFound(asOwnerOfA.threads.remove({ id: thread.id })),
  ),
  "threads.addMessage": onB(({ asOwnerOfA }, { thread }) =>
    expectNotFound(
      asOwnerOfA.threads.addMessage({ threadId: thread.id, role: "assistant", content: "Hi" }),
    ),
  ),

  "executions.list": onB(async (t, { agent, thread, finished }) => {
    const ours = await ownOfA(t);
    const { items } = await t.asOwnerOfA.executions.list({});
    expect(items.map((listed) => listed.id)).toEqual([ours.turn.id]);
    await expectNotFound(t.asOwnerOfA.executions.list({ agentId: agent.id }));
    await expectNotFound(t.asOwnerOfA.executions.list({ threadId: thread.id }));
    await expectBadCursor(t.asOwnerOfA.executions.list({ cursor: finished.id }));
  }),
  "executions.get": onB(async ({ asOwnerOfA }, { finished, abandoned }) => {
    await expectNotFound(asOwnerOfA.executions.get({ id: finished.id }));
    await expectNotFound(asOwnerOfA.executions.get({ id: abandoned.id }));
  }),
  "executions.getStats": onB(async (t, { agent }) => {
    await ownOfA(t);
    expect(await t.asOwnerOfA.executions.getStats({})).toMatchObject({
      total: 1,
      failed: 1,
      running: 0,
      totalInputTokens: 7,
    });
    await expectNotFound(t.asOwnerOfA.executions.getStats({ agentId: agent.id }));
  }),
  "executions.getRecent": onB(async (t, { agent }) => {
    const ours = await ownOfA(t);
    const recent = await t.asOwnerOfA.executions.getRecent({});
    expect(recent.map((turn) => turn.id)).toEqual([ours.turn.id]);
    await expectNotFound(t.asOwnerOfA.executions.getRecent({ agentId: agent.id }));
  }),
};
