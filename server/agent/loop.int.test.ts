import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { httpError, text, toolUse, type FakeRequest } from "@/test/fakes/anthropic";
import {
  builtin,
  chat,
  chatJson,
  createChatAgent,
  sessionCookie,
  startChatHarness,
  typesOf,
  sent,
  type ChatHarness,
} from "@/test/chat";
import { MAX_TOOL_ROUNDS } from "@/server/agent/loop";

// The turn loop through the dashboard chat route, read by the AI SDK's client code, against the
// fake model. What the model received is asserted on the fake's recorded requests.

let h: ChatHarness;
let tenant: Tenant;
let cookie: string;

beforeAll(async () => {
  h = await startChatHarness();
  tenant = await createTenant();
  cookie = sessionCookie(tenant.owner.id, tenant.org.id);
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const userTexts = (request: FakeRequest) =>
  (request.body?.messages ?? []).flatMap((message) =>
    message.role === "user" && Array.isArray(message.content)
      ? message.content.flatMap((block) => (block.type === "text" ? [block.text] : []))
      : message.role === "user" && typeof message.content === "string"
        ? [message.content]
        : [],
  );

async function studentType() {
  const db = testDb();
  const type = await db.entityType.create({
    data: {
      organizationId: tenant.org.id,
      name: "Student",
      slug: `student-${Date.now()}`,
      schema: { type: "object" },
    },
  });
  await db.entity.create({
    data: {
      organizationId: tenant.org.id,
      entityTypeId: type.id,
      data: { name: "Ada" },
      searchText: "Ada",
    },
  });
  return type;
}

describe("a chat turn", () => {
  it("streams a text reply in several deltas and stores the turn", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(
      text("Hello there, how can I help?", { usage: { input_tokens: 12, output_tokens: 7 } }),
    );
    const { chunks, message } = await chat(h.deps, agent.id, cookie, "Hi");
    expect(typesOf(chunks).filter((type) => type !== "text-delta")).toEqual([
      "start",
      "start-step",
      "text-start",
      "text-end",
      "finish-step",
      "finish",
    ]);
    expect(chunks.filter((chunk) => chunk.type === "text-delta").length).toBeGreaterThan(2);
    expect(message.parts.flatMap((part) => (part.type === "text" ? [part.text] : []))).toEqual([
      "Hello there, how can I help?",
    ]);
    const start = chunks[0] as { messageMetadata: { threadId: string; executionId: string } };
    const execution = await testDb().execution.findUniqueOrThrow({
      where: { id: start.messageMetadata.executionId },
    });
    expect(execution).toMatchObject({
      status: "success",
      stopReason: "end_turn",
      inputTokens: 12,
      outputTokens: 7,
      threadId: start.messageMetadata.threadId,
    });
    expect(execution.endedAt).not.toBeNull();
    const stored = await testDb().message.findMany({
      where: { threadId: execution.threadId! },
      orderBy: { seq: "asc" },
    });
    expect(stored.map((row) => [row.role, row.content])).toEqual([
      ["user", "Hi"],
      ["assistant", "Hello there, how can I help?"],
    ]);
    const finish = chunks.at(-1) as {
      finishReason: string;
      messageMetadata: { usage: { totalTokens: number }; stopReason: string };
    };
    expect(finish).toMatchObject({
      finishReason: "stop",
      messageMetadata: { stopReason: "end_turn", usage: { totalTokens: 19 } },
    });
  });

  it("answers the same content as JSON without a stream", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(text("Plain answer"));
    const { status, body } = await chatJson(h.deps, agent.id, cookie, { message: "Hi" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ message: "Plain answer", stopReason: "end_turn", toolCalls: [] });
    expect(body.usage).toMatchObject({
      inputTokens: expect.any(Number),
      totalTokens: expect.any(Number),
    });
  });

  it("runs tool rounds, sends each result back once, and the user message once per call", async () => {
    const type = await studentType();
    const agent = await createChatAgent(tenant.org.id, { tools: [builtin("entity.query")] });
    h.fake.script(
      toolUse([{ name: "entity_query", input: { type: type.slug } }], { text: "Let me look." }),
      toolUse([{ name: "entity_query", input: { type: type.slug, limit: 1 } }]),
      text("You have one student, Ada."),
    );
    const { chunks, message } = await chat(h.deps, agent.id, cookie, "Who are my students?");
    expect(h.fake.requests).toHaveLength(3);
    for (const request of h.fake.requests)
      expect(userTexts(request)).toEqual(["Who are my students?"]);
    // Config names in parts, model names on the wire.
    expect(sent(h.fake.requests[0]).toolNames).toEqual(["entity_query"]);
    const inputs = chunks.filter((chunk) => chunk.type === "tool-input-available");
    expect(inputs.map((chunk) => chunk.toolName)).toEqual(["entity.query", "entity.query"]);
    const outputs = chunks.filter((chunk) => chunk.type === "tool-output-available");
    expect(JSON.stringify(outputs[0]!.output)).toContain("Ada");
    expect(typesOf(chunks).filter((type) => type === "start-step")).toHaveLength(3);
    const tools = message.parts.filter((part) => part.type === "tool-entity.query");
    expect(tools.map((part) => (part as { state: string }).state)).toEqual([
      "output-available",
      "output-available",
    ]);
    const last = sent(h.fake.requests[2]).messages;
    const results = last
      .flatMap((m) => (Array.isArray(m.content) ? m.content : []))
      .filter((b) => b.type === "tool_result");
    expect(results).toHaveLength(2);
    const execution = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(execution).toMatchObject({ status: "success", toolCallCount: 2 });
    const roles = await testDb().message.findMany({
      where: { executionId: execution.id },
      orderBy: { seq: "asc" },
    });
    expect(roles.map((row) => row.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
    ]);
  });

  it("runs parallel tool calls of one message together and answers them in one user turn", async () => {
    const type = await studentType();
    const agent = await createChatAgent(tenant.org.id, {
      tools: [builtin("entity.query"), builtin("entity.get")],
    });
    h.fake.script(
      toolUse([
        { name: "entity_query", input: { type: type.slug } },
        { name: "entity_get", input: { id: "missing-id" } },
      ]),
      text("Done."),
    );
    const { chunks } = await chat(h.deps, agent.id, cookie, "Both please");
    expect(chunks.filter((chunk) => chunk.type === "tool-output-available")).toHaveLength(1);
    const failed = chunks.filter((chunk) => chunk.type === "tool-output-error");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.errorText).toContain("not found");
    const second = sent(h.fake.requests[1]).messages;
    const lastTurn = second.at(-1)!;
    expect(lastTurn.role).toBe("user");
    const blocks = lastTurn.content as { type: string; is_error?: boolean }[];
    expect(blocks.map((block) => [block.type, block.is_error ?? false])).toEqual([
      ["tool_result", false],
      ["tool_result", true],
    ]);
  });

  it("stops after the tool-round cap without running the last calls, and says so", async () => {
    const type = await studentType();
    const agent = await createChatAgent(tenant.org.id, { tools: [builtin("entity.query")] });
    h.fake.setResponder(() => toolUse([{ name: "entity_query", input: { type: type.slug } }]));
    const { chunks, message } = await chat(h.deps, agent.id, cookie, "Loop forever");
    expect(h.fake.requests).toHaveLength(MAX_TOOL_ROUNDS + 1);
    expect(chunks.filter((chunk) => chunk.type === "tool-output-available")).toHaveLength(
      MAX_TOOL_ROUNDS,
    );
    const notRun = chunks.filter((chunk) => chunk.type === "tool-output-error");
    expect(notRun).toHaveLength(1);
    expect(notRun[0]!.errorText).toContain("limit");
    expect(
      message.parts.some((part) => part.type === "text" && part.text.includes("tool rounds")),
    ).toBe(true);
    expect(chunks.at(-1)).toMatchObject({
      type: "finish",
      messageMetadata: { stopReason: "max_tool_rounds" },
    });
    const execution = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(execution).toMatchObject({
      status: "success",
      stopReason: "max_tool_rounds",
      toolCallCount: MAX_TOOL_ROUNDS,
    });
  });

  it("returns an unknown tool to the model as an error and goes on", async () => {
    const agent = await createChatAgent(tenant.org.id, { tools: [builtin("entity.get")] });
    h.fake.script(toolUse([{ name: "drop_database", input: {} }]), text("Sorry."));
    const { chunks } = await chat(h.deps, agent.id, cookie, "Do it");
    const error = chunks.find((chunk) => chunk.type === "tool-output-error");
    expect(error).toMatchObject({ errorText: "Unknown tool: drop_database" });
    const result = sent(h.fake.requests[1]).messages.at(-1)!.content as {
      is_error?: boolean;
      content: string;
    }[];
    expect(result[0]).toMatchObject({ is_error: true, content: "Unknown tool: drop_database" });
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
  });

  it("tells the model when its tool input is not valid JSON, without running the tool", async () => {
    const agent = await createChatAgent(tenant.org.id, { tools: [builtin("entity.get")] });
    h.fake.script(toolUse([{ name: "entity_get", rawInput: '{"id": "x' }]), text("Oops."));
    const { chunks } = await chat(h.deps, agent.id, cookie, "Get it");
    expect(chunks.find((chunk) => chunk.type === "tool-output-error")).toMatchObject({
      errorText: "The model sent tool input that is not valid JSON",
    });
    const answer = sent(h.fake.requests[1]).messages.at(-1)!.content as { is_error?: boolean }[];
    expect(answer[0]!.is_error).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
  });

  it("retries a 429 through the SDK and succeeds", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(httpError(429, { retryAfterMs: 1 }), text("Second time lucky"));
    const { message } = await chat(h.deps, agent.id, cookie, "Hi");
    expect(h.fake.requests).toHaveLength(2);
    expect(
      message.parts.some((part) => part.type === "text" && part.text === "Second time lucky"),
    ).toBe(true);
  });

  it("ends the turn `error` on a model error, telling the client without internals", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.setResponder(() =>
      httpError(500, { message: "secret internal detail", retryAfterMs: 1 }),
    );
    const { chunks } = await chat(h.deps, agent.id, cookie, "Hi");
    const error = chunks.find((chunk) => chunk.type === "error") as { errorText: string };
    expect(error.errorText).toBe("The model provider returned an error");
    expect(JSON.stringify(chunks)).not.toContain("secret internal detail");
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finishReason: "error" });
    const execution = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(execution).toMatchObject({
      status: "error",
      errorMessage: "The model provider returned an error",
    });
    const json = await chatJson(h.deps, agent.id, cookie, { message: "Again" });
    expect(json.status).toBe(502);
    expect(json.body.error).toMatchObject({ code: "BAD_GATEWAY" });
  });

  it("ends the turn `error` when the stream is cut midway, keeping nothing half-written", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(text("This answer will be cut off after a few words", { cutAfterEvents: 4 }));
    const { chunks } = await chat(h.deps, agent.id, cookie, "Hi");
    expect(chunks.some((chunk) => chunk.type === "error")).toBe(true);
    const execution = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(execution.status).toBe("error");
  });

  it("puts cache breakpoints on the tools, the system prompt and the conversation, and records cache tokens", async () => {
    const agent = await createChatAgent(tenant.org.id, {
      systemPrompt: "Long prompt ".repeat(50),
      tools: [builtin("entity.get"), builtin("entity.query")],
    });
    h.fake.script(
      text("ok", { usage: { cache_read_input_tokens: 900, cache_creation_input_tokens: 40 } }),
    );
    await chat(h.deps, agent.id, cookie, "Hi");
    const body = h.fake.requests[0]!.body as unknown as {
      system: { cache_control?: unknown }[];
      tools: { cache_control?: unknown }[];
      messages: { content: { cache_control?: unknown }[] }[];
    };
    expect(body.system[0]!.cache_control).toEqual({ type: "ephemeral" });
    expect(body.tools.map((tool) => tool.cache_control ?? null)).toEqual([
      null,
      { type: "ephemeral" },
    ]);
    expect(body.messages.at(-1)!.content.at(-1)!.cache_control).toEqual({ type: "ephemeral" });
    expect(JSON.stringify(body)).not.toContain("temperature");
    const execution = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(execution).toMatchObject({ cacheReadTokens: 900, cacheWriteTokens: 40 });
  });

  it("keeps a span per model call and per tool call on the execution", async () => {
    const type = await studentType();
    const agent = await createChatAgent(tenant.org.id, { tools: [builtin("entity.query")] });
    h.fake.script(toolUse([{ name: "entity_query", input: { type: type.slug } }]), text("Done"));
    await chat(h.deps, agent.id, cookie, "Go");
    const execution = await testDb().execution.findFirstOrThrow({ where: { agentId: agent.id } });
    const spans = execution.trace as {
      name: string;
      kind: string;
      parentSpanId: string | null;
      attributes: Record<string, unknown>;
    }[];
    expect(spans.map((span) => span.kind)).toEqual(["agent", "model", "tool", "model"]);
    expect(spans[1]!.name).toBe("chat claude-test");
    expect(spans[2]!.name).toBe("execute_tool entity.query");
    expect(spans[2]!.attributes["gen_ai.tool.name"]).toBe("entity.query");
    expect(
      spans
        .slice(1)
        .every((span) => span.parentSpanId === (spans[0] as unknown as { spanId: string }).spanId),
    ).toBe(true);
  });
});
