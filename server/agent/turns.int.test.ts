import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UIMessageChunk } from "ai";
import { testDb, uid } from "@/test/db";
import { createMember, createTenant, type Tenant } from "@/test/factories";
import { text } from "@/test/fakes/anthropic";
import {
  chat,
  chatJson,
  chatTransport,
  createChatAgent,
  dashboardFetch,
  readChat,
  sessionCookie,
  startChatHarness,
  userMessage,
  sent,
  type ChatHarness,
} from "@/test/chat";
import { followPersistedTurn } from "@/server/agent/render";
import { HISTORY_LIMIT } from "@/server/agent/history";
import { envModelProvider, NO_MODEL_PROVIDER } from "@/server/agent/model-client";

// Runs: one turn per thread, cancel and rejoin from another connection (and from the database,
// as another instance would), a client that disconnects, timeouts, crashed turns, and the
// requests refused before anything is written.

let h: ChatHarness;
let tenant: Tenant;
let cookie: string;

beforeAll(async () => {
  h = await startChatHarness({ turnTimeoutMs: 3_000 });
  tenant = await createTenant();
  cookie = sessionCookie(tenant.owner.id, tenant.org.id);
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const slow = (words = 40) =>
  text(Array.from({ length: words }, (_, i) => `word${i}`).join(" "), { deltaDelayMs: 30 });

async function startStreaming(agentId: string, chatId: string, abortSignal?: AbortSignal) {
  const stream = await chatTransport(h.deps, agentId, cookie).sendMessages({
    trigger: "submit-message",
    chatId,
    messageId: undefined,
    messages: [userMessage("Tell me a long story")],
    abortSignal,
  });
  return stream;
}

async function running(agentId: string) {
  for (let i = 0; i < 200; i++) {
    const row = await testDb().execution.findFirst({ where: { agentId, status: "running" } });
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no running turn");
}

async function ended(executionId: string) {
  for (let i = 0; i < 500; i++) {
    const row = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    if (row.status !== "running") return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the turn did not end");
}

const post = (path: string, body?: unknown, as = cookie) =>
  dashboardFetch(h.deps)(`http://app.test${path}`, {
    method: "POST",
    headers: { cookie: as, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("runs", () => {
  it("refuses a second turn on a thread while one runs (409), and accepts it after", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(slow(20), text("second"));
    const chatId = uid("chat");
    const first = readChat(await startStreaming(agent.id, chatId));
    await running(agent.id);
    const refused = await chatJson(h.deps, agent.id, cookie, {
      message: "again",
      externalThreadId: chatId,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "CONFLICT",
      message: "A turn is already running on this thread",
    });
    await first;
    const accepted = await chatJson(h.deps, agent.id, cookie, {
      message: "again",
      externalThreadId: chatId,
    });
    expect(accepted.status).toBe(200);
  });

  it("cancels from a second connection: the stream stops, the partial text is kept", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(slow(100));
    const chatId = uid("chat");
    const reading = readChat(await startStreaming(agent.id, chatId));
    const execution = await running(agent.id);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const cancel = await post(`/api/agents/${agent.id}/chat/${chatId}/cancel`);
    expect(cancel.status).toBe(200);
    const { chunks } = await reading;
    expect(chunks.at(-1)).toMatchObject({
      type: "finish",
      messageMetadata: { stopReason: "cancelled" },
    });
    const row = await ended(execution.id);
    expect(row).toMatchObject({ status: "cancelled", stopReason: "cancelled" });
    const assistant = await testDb().message.findFirstOrThrow({
      where: { executionId: execution.id, role: "assistant" },
    });
    expect(assistant.content.startsWith("word0 word1")).toBe(true);
    expect(assistant.content.split(" ").length).toBeLessThan(100);
    expect((await post(`/api/agents/${agent.id}/chat/${chatId}/cancel`)).status).toBe(409);
  });

  it("is cancelled by the flag in the database alone (a cancel from another instance)", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(slow(100));
    const reading = readChat(await startStreaming(agent.id, uid("chat")));
    const execution = await running(agent.id);
    await testDb().execution.update({
      where: { id: execution.id },
      data: { cancelRequestedAt: new Date() },
    });
    const { chunks } = await reading;
    expect(chunks.at(-1)).toMatchObject({ messageMetadata: { stopReason: "cancelled" } });
    expect((await ended(execution.id)).status).toBe("cancelled");
  });

  it("lets a second connection rejoin: it receives what the first stream received", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(slow(30));
    const chatId = uid("chat");
    const first = readChat(await startStreaming(agent.id, chatId));
    const execution = await running(agent.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rejoined = await chatTransport(h.deps, agent.id, cookie).reconnectToStream({ chatId });
    expect(rejoined).not.toBeNull();
    // And as another instance would: from the execution row only.
    const persisted: UIMessageChunk[] = [];
    const fromDb = (async () => {
      for await (const part of followPersistedTurn(testDb(), execution.id, 20))
        persisted.push(part);
    })();
    const [a, b] = await Promise.all([first, readChat(rejoined!)]);
    await fromDb;
    expect(b.chunks).toEqual(a.chunks);
    expect(persisted).toEqual(a.chunks);
    expect(b.message.parts).toEqual(a.message.parts);
    // Nothing runs any more: the resume answers 204, which the transport reads as null.
    expect(await chatTransport(h.deps, agent.id, cookie).reconnectToStream({ chatId })).toBeNull();
  });

  it("does not cancel when the client disconnects: the turn completes and is persisted", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(slow(20));
    const abort = new AbortController();
    const stream = await startStreaming(agent.id, uid("chat"), abort.signal);
    const reader = stream.getReader();
    await reader.read();
    const execution = await running(agent.id);
    abort.abort();
    await reader.cancel().catch(() => {});
    const row = await ended(execution.id);
    expect(row.status).toBe("success");
    const assistant = await testDb().message.findFirstOrThrow({
      where: { executionId: execution.id, role: "assistant" },
    });
    expect(assistant.content.split(" ")).toHaveLength(20);
  });

  it("ends a turn that runs past its timeout `timeout` and tells the client", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(text("never", { hang: true }));
    const { status, body } = await chatJson(
      { ...h.deps, turnTimeoutMs: 300 } as never,
      agent.id,
      cookie,
      { message: "Hi" },
    );
    expect(status).toBe(504);
    expect(body.error).toMatchObject({ code: "GATEWAY_TIMEOUT" });
    const row = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(row.status).toBe("timeout");
  });

  it("ends a turn left `running` by a crashed process `timeout` when the thread is next used", async () => {
    const agent = await createChatAgent(tenant.org.id);
    const db = testDb();
    const thread = await db.thread.create({
      data: { organizationId: tenant.org.id, agentId: agent.id, externalId: uid("ext") },
    });
    const crashed = await db.execution.create({
      data: {
        organizationId: tenant.org.id,
        agentId: agent.id,
        threadId: thread.id,
        environment: "development",
        status: "running",
        deadlineAt: new Date(Date.now() - 1_000),
      },
    });
    h.fake.script(text("fresh"));
    const { status } = await chatJson(h.deps, agent.id, cookie, {
      message: "Hi",
      threadId: thread.id,
    });
    expect(status).toBe(200);
    expect((await db.execution.findUniqueOrThrow({ where: { id: crashed.id } })).status).toBe(
      "timeout",
    );
  });
});

describe("history", () => {
  it("sends the latest messages cut at a user message, tool calls paired with their results", async () => {
    const agent = await createChatAgent(tenant.org.id);
    const db = testDb();
    const thread = await db.thread.create({
      data: { organizationId: tenant.org.id, agentId: agent.id },
    });
    const rows = [];
    for (let i = 0; i < 60; i++) {
      rows.push({ role: "user" as const, content: `question ${i}` });
      rows.push({
        role: "assistant" as const,
        content: "",
        toolCalls: [{ id: `call${i}`, name: "entity.get", arguments: { id: "x" } }],
      });
      rows.push({ role: "tool" as const, content: "{}", toolCallId: `call${i}` });
      rows.push({ role: "assistant" as const, content: `answer ${i}` });
    }
    for (const row of rows) {
      await db.message.create({
        data: { organizationId: tenant.org.id, threadId: thread.id, ...row },
      });
    }
    h.fake.script(text("ok"));
    await chatJson(h.deps, agent.id, cookie, { message: "latest", threadId: thread.id });
    const messages = sent(h.fake.requests[0]).messages;
    // 100 stored messages end at a user boundary: 25 exchanges of 4, the newest ones.
    expect(HISTORY_LIMIT).toBe(100);
    const first = messages[0]!;
    expect(first.role).toBe("user");
    expect(JSON.stringify(first.content)).toContain("question 35");
    expect(
      messages.map((m) => m.role).every((role, i) => role === (i % 2 === 0 ? "user" : "assistant")),
    ).toBe(true);
    const texts = JSON.stringify(messages);
    expect(texts).not.toContain("question 34");
    expect(texts.match(/"tool_use"/g)).toHaveLength(25);
    expect(texts.match(/"tool_result"/g)).toHaveLength(25);
    expect(JSON.stringify(messages.at(-1))).toContain("latest");
  });
});

describe("refused before anything is written", () => {
  async function countRows() {
    const db = testDb();
    const where = { organizationId: tenant.org.id };
    return [
      await db.thread.count({ where }),
      await db.message.count({ where }),
      await db.execution.count({ where }),
    ];
  }

  it("answers 404, 409, 400, 401 and 503 without writing", async () => {
    const paused = await createChatAgent(tenant.org.id, {}, { status: "paused" });
    const deleted = await createChatAgent(tenant.org.id, {}, { status: "deleted" });
    const devOnly = await createChatAgent(tenant.org.id);
    const other = await createTenant();
    const foreign = await createChatAgent(other.org.id);
    const before = await countRows();
    const ask = (agentId: string, body: unknown = { message: "Hi" }, query = "") =>
      post(`/api/agents/${agentId}/chat${query}`, body);
    expect((await ask(deleted.id)).status).toBe(404);
    expect((await ask(foreign.id)).status).toBe(404);
    expect((await ask(paused.id)).status).toBe(409);
    expect((await ask(devOnly.id, { message: "Hi" }, "?environment=production")).status).toBe(409);
    const bad = await ask(devOnly.id, { message: "" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "message",
    );
    expect((await ask(devOnly.id, { message: "Hi", threadId: uid("nope") })).status).toBe(404);
    // Text PostgreSQL cannot store, and bodies nested past reason, are refused before any query.
    expect((await ask(devOnly.id, { message: "Hi\u0000there" })).status).toBe(400);
    expect((await ask(devOnly.id, { message: "Hi", externalThreadId: "a\u0000b" })).status).toBe(
      400,
    );
    const deep = JSON.parse(`${"[".repeat(200)}${"]".repeat(200)}`) as unknown;
    expect((await ask(devOnly.id, { message: "Hi", metadata: { deep } })).status).toBe(400);
    const foreignThread = await testDb().thread.create({
      data: { organizationId: other.org.id, agentId: foreign.id },
    });
    expect((await ask(devOnly.id, { message: "Hi", threadId: foreignThread.id })).status).toBe(404);
    const anonymous = await dashboardFetch(h.deps)(
      `http://app.test/api/agents/${devOnly.id}/chat`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "Hi" }),
      },
    );
    expect(anonymous.status).toBe(401);
    const form = await dashboardFetch(h.deps)(`http://app.test/api/agents/${devOnly.id}/chat`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "message=Hi",
    });
    expect(form.status).toBe(400);
    const noModel = { ...h.deps, model: envModelProvider };
    const unavailable = await chatJson(noModel, devOnly.id, cookie, { message: "Hi" });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error).toMatchObject({ message: NO_MODEL_PROVIDER });
    expect(await countRows()).toEqual(before);
    expect(h.fake.requests).toHaveLength(0);
  });

  it("keeps a member out of another member's playground thread", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(text("mine"));
    const chatId = uid("chat");
    const memberCookie = sessionCookie(tenant.member.id, tenant.org.id);
    expect(
      (await chat(h.deps, agent.id, memberCookie, "Hi", chatId)).message.parts.length,
    ).toBeGreaterThan(0);
    const other = await createMember(tenant.org.id, "member");
    const response = await post(
      `/api/agents/${agent.id}/chat`,
      { message: "let me in", externalThreadId: chatId },
      sessionCookie(other.id, tenant.org.id),
    );
    expect(response.status).toBe(404);
  });
});
