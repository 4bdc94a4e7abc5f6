import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { httpError, text, toolUse } from "@/test/fakes/anthropic";
import {
  builtin,
  createChatAgent,
  readChat,
  sent,
  startChatHarness,
  userMessage,
  type ChatHarness,
} from "@/test/chat";
import { apiKeyFor, V1, v1Fetch, v1Json, v1Transport } from "@/test/public-api";
import { envModelProvider } from "@/server/agent/model-client";
import { hashApiKey } from "@/server/auth/api-keys";

// The public chat API through its route handlers: every status code with its error body, the
// key's environment and permissions, threads kept to their organization and agent, the agent
// acting with the organization's `agent` role, and the stream read by useChat's transport.

let h: ChatHarness;
let t: Tenant;
let key: string;

beforeAll(async () => {
  h = await startChatHarness({ turnTimeoutMs: 2_000 });
  t = await createTenant();
  ({ key } = await apiKeyFor(t));
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const errorOf = (body: Record<string, unknown> | null) =>
  (body?.error ?? {}) as { code?: string; message?: string };

describe("status codes", () => {
  it("answer with {error: {code, message}} and no-store, and write nothing when refused", async () => {
    const agent = await createChatAgent(t.org.id);
    const paused = await createChatAgent(t.org.id, {}, { status: "paused" });
    const { key: liveKey } = await apiKeyFor(t, { environment: "production" });
    const { key: onlyPaused } = await apiKeyFor(t, { permissions: [`agent:${paused.slug}`] });
    const { key: revoked, apiKey } = await apiKeyFor(t);
    await testDb().apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    const { key: expired, apiKey: old } = await apiKeyFor(t);
    await testDb().apiKey.update({
      where: { id: old.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await testDb().execution.count({ where: { organizationId: t.org.id } });
    const chat = (
      k: string | null,
      body: unknown,
      path = `/agents/${agent.slug}/chat`,
      headers = {},
    ) => v1Json(h.deps, k, path, { body, headers });

    const cases: [string, Awaited<ReturnType<typeof chat>>, number, string][] = [
      ["no key", await chat(null, { message: "hi" }), 401, "UNAUTHORIZED"],
      [
        "wrong key",
        await chat("af_test_00000000_00000000000000000000000000000000", { message: "hi" }),
        401,
        "UNAUTHORIZED",
      ],
      ["revoked", await chat(revoked, { message: "hi" }), 401, "UNAUTHORIZED"],
      ["expired", await chat(expired, { message: "hi" }), 401, "UNAUTHORIZED"],
      ["other agent", await chat(onlyPaused, { message: "hi" }), 403, "FORBIDDEN"],
      [
        "no agent",
        await chat(key, { message: "hi" }, "/agents/no-such-agent/chat"),
        404,
        "NOT_FOUND",
      ],
      [
        "foreign thread",
        await chat(key, { message: "hi", threadId: uid("nope") }),
        404,
        "NOT_FOUND",
      ],
      [
        "paused",
        await chat(key, { message: "hi" }, `/agents/${paused.slug}/chat`),
        409,
        "CONFLICT",
      ],
      ["no production config", await chat(liveKey, { message: "hi" }), 409, "CONFLICT"],
      ["malformed JSON", await chat(key, "{not json"), 400, "BAD_REQUEST"],
      ["empty message", await chat(key, { message: "" }), 400, "BAD_REQUEST"],
      ["no agentId", await chat(key, { message: "hi" }, "/chat"), 400, "BAD_REQUEST"],
      ["too large", await chat(key, { message: "x".repeat(70_000) }), 413, "PAYLOAD_TOO_LARGE"],
      [
        "bad idempotency key",
        await chat(key, { message: "hi" }, undefined, { "idempotency-key": "k".repeat(300) }),
        400,
        "BAD_REQUEST",
      ],
    ];
    for (const [name, response, status, code] of cases) {
      expect([name, response.status, errorOf(response.body).code]).toEqual([name, status, code]);
      expect(response.headers.get("cache-control"), name).toBe("no-store");
      expect(errorOf(response.body).message, name).toEqual(expect.any(String));
    }
    expect(errorOf(cases[11]![1].body).message).toContain("agentId");
    expect(errorOf(cases[10]![1].body).message).toContain("message");
    expect(await testDb().execution.count({ where: { organizationId: t.org.id } })).toBe(before);
    expect(h.fake.requests).toHaveLength(0);
  });

  it("502, 503 and 504 from the model's side", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.setResponder(() => httpError(529, { retryAfterMs: 1 }));
    const overloaded = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "hi" },
    });
    expect([overloaded.status, errorOf(overloaded.body)]).toEqual([
      502,
      { code: "BAD_GATEWAY", message: "The model provider is overloaded; try again shortly" },
    ]);
    h.fake.setResponder(() => text("never", { hang: true }));
    const slow = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "hi" },
    });
    expect([slow.status, errorOf(slow.body).code]).toEqual([504, "GATEWAY_TIMEOUT"]);
    const none = await v1Json(
      { ...h.deps, model: envModelProvider },
      key,
      `/agents/${agent.slug}/chat`,
      { body: { message: "hi" } },
    );
    expect([none.status, errorOf(none.body).code]).toEqual([503, "SERVICE_UNAVAILABLE"]);
  });

  it("429 with Retry-After past the key's burst, RateLimit headers on every answer", async () => {
    const agent = await createChatAgent(t.org.id);
    const { key: limited } = await apiKeyFor(t);
    const tight = { key: { perMinute: 60, burst: 2 }, org: { perMinute: 1000, burst: 1000 } };
    const ask = () =>
      v1Fetch(h.deps, tight)(`${V1}/agents/${agent.slug}/chat`, {
        method: "POST",
        headers: { authorization: `Bearer ${limited}`, "content-type": "application/json" },
        body: JSON.stringify({ message: "" }),
      });
    const answers = [await ask(), await ask(), await ask()];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 429]);
    for (const answer of answers) expect(answer.headers.get("ratelimit-limit")).toBe("2");
    expect(Number(answers[2]!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("the key decides", () => {
  it("af_test_ keys chat with the development config, af_live_ keys with production", async () => {
    const agent = await createChatAgent(
      t.org.id,
      { systemPrompt: "the same prompt" },
      { production: true },
    );
    await testDb().agentConfig.updateMany({
      where: { agentId: agent.id, environment: "production" },
      data: { systemPrompt: "PRODUCTION prompt" },
    });
    const { key: liveKey } = await apiKeyFor(t, { environment: "production" });
    h.fake.script(text("dev"), text("prod"));
    await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, { body: { message: "hi" } });
    await v1Json(h.deps, liveKey, "/chat", { body: { agentId: agent.id, message: "hi" } });
    const systems = h.fake.requests.map((r) => JSON.stringify(r.body?.system));
    expect(systems[0]).toContain("the same prompt");
    expect(systems[1]).toContain("PRODUCTION prompt");
    const environments = await testDb().execution.findMany({
      where: { agentId: agent.id },
      orderBy: { createdAt: "asc" },
    });
    expect(environments.map((e) => e.environment)).toEqual(["development", "production"]);
  });

  it("the agent acts with the organization's agent role: without one its tools are refused", async () => {
    const slug = `pupil-${uid()}`;
    const type = await testDb().entityType.create({
      data: { organizationId: t.org.id, name: slug, slug, schema: { type: "object" } },
    });
    await testDb().entity.create({
      data: { organizationId: t.org.id, entityTypeId: type.id, data: { name: "Ada" } },
    });
    const agent = await createChatAgent(t.org.id, { tools: [builtin("entity.query")] });
    const ask = async () => {
      h.fake.script(toolUse([{ name: "entity_query", input: { type: slug } }]), text("done"));
      const { body } = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
        body: { message: "who?" },
      });
      return (body!.toolCalls as { status: string; error?: string; result?: unknown }[])[0]!;
    };
    const refused = await ask();
    expect(refused.status).toBe("error");
    expect(refused.error).toMatch(/not allowed/i);
    const role = await testDb().role.create({ data: { organizationId: t.org.id, name: "agent" } });
    await testDb().policy.create({
      data: {
        organizationId: t.org.id,
        roleId: role.id,
        resource: slug,
        action: "list",
        effect: "allow",
      },
    });
    const allowed = await ask();
    expect(allowed.status).toBe("completed");
    expect(JSON.stringify(allowed.result)).toContain("Ada");
    // Taken away again, the very next turn is refused: the policy context turns share is
    // never used after a change.
    await testDb().policy.deleteMany({ where: { roleId: role.id } });
    const revoked = await ask();
    expect(revoked.status).toBe("error");
    expect(revoked.error).toMatch(/not allowed/i);
    const execution = await testDb().execution.findFirstOrThrow({
      where: { agentId: agent.id },
      orderBy: { createdAt: "desc" },
    });
    // Usage is kept per key.
    const apiKey = await testDb().apiKey.findFirstOrThrow({ where: { keyHash: hashApiKey(key) } });
    expect(execution.apiKeyId).toBe(apiKey.id);
  });
});

describe("the stream, read by useChat's transport with the key in its headers", () => {
  it("streams text and tool calls, and the same request as JSON answers the same", async () => {
    const agent = await createChatAgent(t.org.id, { tools: [builtin("entity.get")] });
    const script = () =>
      h.fake.script(
        toolUse([{ name: "entity_get", input: { id: "missing" } }], { text: "Looking." }),
        text("Not there."),
      );
    script();
    const stream = await v1Transport(h.deps, agent.slug, key).sendMessages({
      trigger: "submit-message",
      chatId: uid("chat"),
      messageId: undefined,
      messages: [userMessage("find it")],
      abortSignal: undefined,
    });
    const { chunks, message } = await readChat(stream);
    expect(chunks.find((c) => c.type === "tool-output-error")).toMatchObject({
      errorText: "Entity not found",
    });
    script();
    const { body } = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "find it" },
    });
    const streamedText = message.parts
      .flatMap((p) => (p.type === "text" ? [p.text] : []))
      .join("\n\n");
    expect(body!.message).toBe(streamedText);
    expect(body!.toolCalls).toEqual([
      {
        id: expect.any(String),
        name: "entity.get",
        arguments: { id: "missing" },
        error: "Entity not found",
        status: "error",
      },
    ]);
    expect(body!.stopReason).toBe("end_turn");
    // Both turns sent the user's text once per model call.
    expect(
      sent(h.fake.requests[1]).messages.filter((m) => m.role === "user").length,
    ).toBeGreaterThan(0);
  });
});

describe("threads through the API", () => {
  it("pages a transcript oldest first with a cursor, tool calls and results included", async () => {
    const agent = await createChatAgent(t.org.id, { tools: [builtin("entity.get")] });
    h.fake.script(toolUse([{ name: "entity_get", input: { id: "x" } }]), text("one"), text("two"));
    const first = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "a", externalThreadId: "ext-1" },
    });
    await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "b", externalThreadId: "ext-1" },
    });
    const threadId = first.body!.threadId as string;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await v1Json(
        h.deps,
        key,
        `/threads/${threadId}/messages?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { method: "GET" },
      );
      expect(page.status).toBe(200);
      const items = page.body!.items as { role: string; content: string }[];
      seen.push(...items.map((m) => `${m.role}:${m.content}`));
      cursor = page.body!.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([
      "user:a",
      "assistant:",
      "tool:Entity not found",
      "assistant:one",
      "user:b",
      "assistant:two",
    ]);
  });

  it("keeps threads to their organization and to the agents the key may use", async () => {
    const mine = await createChatAgent(t.org.id);
    const other = await createChatAgent(t.org.id);
    h.fake.script(text("hello"));
    const { body } = await v1Json(h.deps, key, `/agents/${other.slug}/chat`, {
      body: { message: "hi" },
    });
    const threadOfOther = body!.threadId as string;
    const { key: restricted } = await apiKeyFor(t, { permissions: [`agent:${mine.slug}`] });
    const b = await createTenant();
    const { key: keyOfB } = await apiKeyFor(b);
    for (const [k, path, method] of [
      [restricted, `/threads/${threadOfOther}/messages`, "GET"],
      [restricted, `/threads/${threadOfOther}/stream`, "GET"],
      [restricted, `/threads/${threadOfOther}/cancel`, "POST"],
      [keyOfB, `/threads/${threadOfOther}/messages`, "GET"],
      [keyOfB, `/threads/${threadOfOther}/stream`, "GET"],
      [keyOfB, `/threads/${threadOfOther}/cancel`, "POST"],
      [keyOfB, `/threads/${threadOfOther}/approvals`, "POST"],
      [keyOfB, `/agents/${other.slug}/chat`, "POST"],
    ] as const) {
      const response = await v1Json(h.deps, k, path, {
        method,
        ...(method === "POST" && {
          body: path.endsWith("approvals")
            ? { toolCallId: "x", approved: true }
            : { message: "hi", threadId: threadOfOther },
        }),
      });
      expect([path, response.status]).toEqual([path, 404]);
    }
    // A thread of another agent of the same organization, continued on this agent: not found.
    const crossed = await v1Json(h.deps, key, `/agents/${mine.slug}/chat`, {
      body: { message: "hi", threadId: threadOfOther },
    });
    expect(crossed.status).toBe(404);
  });

  it("cancel answers 409 when nothing runs; rejoin 204", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(text("done"));
    const { body } = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "hi", externalThreadId: "c-1" },
    });
    const threadId = body!.threadId as string;
    expect((await v1Json(h.deps, key, `/threads/${threadId}/cancel`)).status).toBe(409);
    expect(
      (await v1Json(h.deps, key, `/threads/${threadId}/stream`, { method: "GET" })).status,
    ).toBe(204);
    expect(
      (await v1Json(h.deps, key, `/agents/${agent.slug}/chat/c-1/stream`, { method: "GET" }))
        .status,
    ).toBe(204);
    const approval = await v1Json(h.deps, key, `/threads/${threadId}/approvals`, {
      body: { toolCallId: "call-1" },
    });
    expect([approval.status, errorOf(approval.body).message]).toEqual([
      400,
      expect.stringContaining("approved"),
    ]);
  });
});
