import type { APIRequestContext, Page } from "@playwright/test";
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai";
import { expect, signUpLocally, test, unique } from "./fixtures";

// The public chat API over real HTTP against `next start`, the model being the standalone fake
// (markers in the message: `[tool:NAME {json}]` asks for a tool, `[tool-loop:NAME {json}]` asks
// for it after every result too, `[slow]` streams a word every 200 ms, `[error:529]` fails). The
// data is made with tRPC calls from a signed-in page; the chats are sent from this Node process
// with an API key, through the AI SDK's own client transport (`DefaultChatTransport`, read with
// `readUIMessageStream`) and as our JSON body (`stream: false`), which must answer the same.
// Rate limits are the defaults (per key a burst of 10), so no key is used more than 10 times.

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()).result.data.json;
}

type Setup = { agentSlug: string; typeSlug: string; student: string; keys: string[] };

/** A new organization with a record type, a record, an agent with entity.query and API keys. */
async function setUp(page: Page, keyCount: number): Promise<Setup> {
  await signUpLocally(page, { organizationName: unique("Public API") });
  const typeSlug = unique("student");
  await trpc(page.request, "entityTypes.create", {
    name: typeSlug,
    slug: typeSlug,
    schema: { type: "object", properties: { name: { type: "string" } } },
  });
  const student = unique("Ada");
  await trpc(page.request, "entities.create", {
    entityTypeSlug: typeSlug,
    data: { name: student },
  });
  // On the public API the agent acts with the organization's `agent` role: it may list students.
  const role = await trpc(page.request, "roles.create", { name: "agent" });
  await trpc(page.request, "roles.addPolicy", {
    roleId: role.id,
    resource: typeSlug,
    action: "list",
    effect: "allow",
  });
  const agent = await trpc(page.request, "agents.create", {
    name: unique("Front desk"),
    config: {
      name: "front desk",
      systemPrompt: "You help with students.",
      model: { provider: "anthropic", name: "claude-sonnet-5-5" },
      tools: [{ isBuiltin: true, name: "entity.query" }],
    },
  });
  const keys: string[] = [];
  for (let i = 0; i < keyCount; i++) {
    const created = await trpc(page.request, "apiKeys.create", {
      name: unique("e2e key"),
      environment: "development",
      permissions: ["chat"],
    });
    // The plaintext is returned once, beside the stored key's public fields.
    expect(created.key).toMatch(/^af_test_[0-9a-z]{8}_[0-9a-z]{32}$/);
    expect(created.apiKey.keyPrefix).toBe(created.key.slice(0, 16));
    keys.push(created.key);
  }
  return { agentSlug: agent.slug, typeSlug, student, keys };
}

/** Reads a chunk stream to its end: the chunks, and the message the AI SDK's reader built. */
async function readChat(stream: ReadableStream<UIMessageChunk>) {
  const chunks: UIMessageChunk[] = [];
  const [forChunks, forMessage] = stream.tee();
  const collect = (async () => {
    const reader = forChunks.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  let message: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream({ stream: forMessage, terminateOnError: false }))
    message = snapshot;
  await collect;
  return { chunks, message: message! };
}

/** One user message sent through the AI SDK's transport, as useChat would, on a new chat. */
async function streamTurn(url: string, key: string, text: string) {
  const transport = new DefaultChatTransport<UIMessage>({
    api: url,
    headers: { authorization: `Bearer ${key}` },
  });
  const stream = await transport.sendMessages({
    trigger: "submit-message",
    chatId: unique("chat"),
    messageId: undefined,
    messages: [{ id: unique("m"), role: "user", parts: [{ type: "text", text }] }],
    abortSignal: undefined,
  });
  return readChat(stream);
}

type JsonTurn = {
  threadId: string;
  executionId: string;
  message: string;
  toolCalls: { id: string; name: string; status: string; result?: unknown; error?: string }[];
  stopReason: string | null;
  error?: { code: string; message: string };
};

async function jsonTurn(url: string, key: string, body: Record<string, unknown>, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as JsonTurn };
}

type Summary = {
  message: string;
  toolCalls: { name: string; status: string }[];
  stopReason: unknown;
};

/** What a streamed turn and its JSON answer must agree on. */
function streamSummary(chunks: UIMessageChunk[], message: UIMessage): Summary {
  const calls = new Map<string, { name: string; status: string }>();
  for (const chunk of chunks) {
    if (chunk.type === "tool-input-available")
      calls.set(chunk.toolCallId, { name: chunk.toolName, status: "awaiting_approval" });
    if (chunk.type === "tool-output-available") calls.get(chunk.toolCallId)!.status = "completed";
    if (chunk.type === "tool-output-error") calls.get(chunk.toolCallId)!.status = "error";
  }
  const finish = chunks.findLast((chunk) => chunk.type === "finish");
  const metadata = (finish?.messageMetadata ?? {}) as { stopReason?: unknown };
  return {
    message: message.parts
      .flatMap((part) => (part.type === "text" && part.text ? [part.text] : []))
      .join("\n\n"),
    toolCalls: [...calls.values()],
    stopReason: metadata.stopReason,
  };
}

function jsonSummary(body: JsonTurn): Summary {
  return {
    message: body.message,
    toolCalls: body.toolCalls.map(({ name, status }) => ({ name, status })),
    stopReason: body.stopReason,
  };
}

type TimedPart = { part: UIMessageChunk; at: number };

/** The raw server-sent events of a response, each part timed when its bytes arrived. */
async function readEvents(
  response: Response,
  onPart: (part: UIMessageChunk) => Promise<void> | void = () => {},
) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const parts: TimedPart[] = [];
  let buffer = "";
  let sawDone = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const at = performance.now();
    buffer += value;
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of event.split("\n")) {
        if (!line.startsWith("data: ")) continue;
        const data = line.slice("data: ".length);
        if (data === "[DONE]") {
          sawDone = true;
          continue;
        }
        const part = JSON.parse(data) as UIMessageChunk;
        parts.push({ part, at });
        await onPart(part);
      }
    }
  }
  return { parts, sawDone, endedAt: performance.now() };
}

const textOf = (parts: TimedPart[]) =>
  parts.flatMap(({ part }) => (part.type === "text-delta" ? [part.delta] : [])).join("");

test("the AI SDK's transport reads text, tool calls, a tool error, a model error and the tool-round limit; stream: false answers the same", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { agentSlug, typeSlug, student, keys } = await setUp(page, 2);
  const url = `${baseURL}/v1/agents/${agentSlug}/chat`;
  const [streamKey, jsonKey] = keys as [string, string];

  // Each case: the streamed turn, then the same message as JSON on another new thread.
  const both = async (text: string) => {
    const streamed = await streamTurn(url, streamKey, text);
    const json = await jsonTurn(url, jsonKey, { message: text, stream: false });
    return { ...streamed, json };
  };

  await test.step("text, in several deltas", async () => {
    const { chunks, message, json } = await both("hello there, how are you today");
    expect(chunks.filter((chunk) => chunk.type === "text-delta").length).toBeGreaterThan(3);
    expect(chunks[0]).toMatchObject({
      type: "start",
      messageMetadata: { threadId: expect.any(String), executionId: expect.any(String) },
    });
    const summary = streamSummary(chunks, message);
    expect(summary).toEqual({
      message: "You said: hello there, how are you today",
      toolCalls: [],
      stopReason: "end_turn",
    });
    expect(json.response.status).toBe(200);
    expect(jsonSummary(json.body)).toEqual(summary);
  });

  await test.step("a tool call with its result", async () => {
    const text = `[tool:entity_query {"type":"${typeSlug}"}] who are my students?`;
    const { chunks, message, json } = await both(text);
    expect(chunks.find((chunk) => chunk.type === "tool-input-available")).toMatchObject({
      toolName: "entity.query",
      input: { type: typeSlug },
    });
    const output = chunks.find((chunk) => chunk.type === "tool-output-available");
    expect(JSON.stringify(output)).toContain(student);
    const summary = streamSummary(chunks, message);
    expect(summary.toolCalls).toEqual([{ name: "entity.query", status: "completed" }]);
    // The fake answers a tool result by quoting it: the reply came after the tool ran.
    expect(summary.message).toMatch(/^Tool entity_query returned: /);
    expect(summary.stopReason).toBe("end_turn");
    expect(jsonSummary(json.body)).toEqual(summary);
    expect(JSON.stringify(json.body.toolCalls[0]!.result)).toContain(student);
  });

  await test.step("a tool error: entity.query on a type that does not exist", async () => {
    const { chunks, message, json } = await both('[tool:entity_query {"type":"no-such-type"}]');
    const failed = chunks.find((chunk) => chunk.type === "tool-output-error");
    expect(failed).toMatchObject({ errorText: expect.stringMatching(/not found/i) });
    const summary = streamSummary(chunks, message);
    expect(summary.toolCalls).toEqual([{ name: "entity.query", status: "error" }]);
    expect(summary.message).toMatch(/^Tool entity_query failed: /);
    expect(jsonSummary(json.body)).toEqual(summary);
    expect(json.body.toolCalls[0]!.error).toBe((failed as { errorText: string }).errorText);
  });

  await test.step("a model error mid-stream: an error part, then finish", async () => {
    const { chunks, json } = await both("[error:529] are you there?");
    const types = chunks.map((chunk) => chunk.type);
    expect(types[0]).toBe("start");
    expect(types.at(-1)).toBe("finish");
    expect(types.indexOf("error")).toBeGreaterThan(0);
    expect(types.indexOf("error")).toBeLessThan(types.length - 1);
    const error = chunks.find((chunk) => chunk.type === "error") as { errorText: string };
    expect(error.errorText).toMatch(/overloaded/i);
    expect(json.response.status).toBe(502);
    expect(json.body.error).toEqual({ code: "BAD_GATEWAY", message: error.errorText });
  });

  await test.step("a model that always asks for a tool stops at the tool-round limit", async () => {
    const { chunks, message, json } = await both(
      `[tool-loop:entity_query {"type":"${typeSlug}"}] keep looking`,
    );
    const summary = streamSummary(chunks, message);
    expect(summary.stopReason).toBe("max_tool_rounds");
    // Ten rounds run; the calls of the eleventh answer are answered "not run".
    expect(summary.toolCalls).toEqual([
      ...Array.from({ length: 10 }, () => ({ name: "entity.query", status: "completed" })),
      { name: "entity.query", status: "error" },
    ]);
    expect(summary.message).toContain("I stopped after 10 tool rounds");
    expect(chunks.filter((chunk) => chunk.type === "start-step")).toHaveLength(11);
    expect(jsonSummary(json.body)).toEqual(summary);
    expect(json.body.toolCalls.at(-1)!.error).toMatch(/^Not run: /);
  });
});

test("over HTTP: the stream's headers, deltas before its end, cancel, and Idempotency-Key replays", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { agentSlug, keys } = await setUp(page, 1);
  const key = keys[0]!;
  const url = `${baseURL}/v1/agents/${agentSlug}/chat`;
  const authorization = `Bearer ${key}`;

  await test.step("headers, and text deltas arriving as the model writes them", async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ message: "[slow] tell me a story", stream: true }),
    });
    expect(response.status).toBe(200);
    const headers = response.headers;
    expect(headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(headers.get("cache-control")).toContain("no-store");
    const limit = Number(headers.get("ratelimit-limit"));
    expect(limit).toBeGreaterThan(0);
    expect(Number(headers.get("ratelimit-remaining"))).toBeLessThan(limit);
    expect(Number(headers.get("ratelimit-reset"))).toBeGreaterThan(0);

    // The slow reply has 60 words, one every 200 ms: after two deltas, cancel it.
    let threadId = "";
    let deltas = 0;
    const cancel: { sent?: Promise<Response> } = {};
    const { parts, sawDone, endedAt } = await readEvents(response, (part) => {
      if (part.type === "start") threadId = (part.messageMetadata as { threadId: string }).threadId;
      if (part.type === "text-delta" && ++deltas === 2) {
        cancel.sent = fetch(`${baseURL}/v1/threads/${threadId}/cancel`, {
          method: "POST",
          headers: { authorization },
        });
      }
    });
    const deltaTimes = parts.filter(({ part }) => part.type === "text-delta").map(({ at }) => at);
    expect(deltaTimes.length).toBeGreaterThanOrEqual(2);
    // Streamed, not collected: the second delta came a model's pause after the first, and the
    // end after both.
    expect(deltaTimes[1]! - deltaTimes[0]!).toBeGreaterThan(100);
    expect(endedAt - deltaTimes[0]!).toBeGreaterThan(100);
    expect(sawDone).toBe(true);
    expect(parts.at(-1)!.part).toMatchObject({
      type: "finish",
      messageMetadata: { threadId, stopReason: "cancelled" },
    });
    expect(cancel.sent).toBeDefined();
    const cancelled = await cancel.sent!;
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ threadId, cancelRequested: true });
    expect(textOf(parts).split(/\s+/).filter(Boolean).length).toBeLessThan(60);
  });

  await test.step("Idempotency-Key: the first answer again, as JSON or as a stream", async () => {
    const idempotencyKey = unique("idem");
    const body = { message: "remember this once" };
    const first = await jsonTurn(url, key, body, { "idempotency-key": idempotencyKey });
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("idempotent-replayed")).toBeNull();
    expect(first.body.message).toBe("You said: remember this once");

    const again = await jsonTurn(url, key, body, { "idempotency-key": idempotencyKey });
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);

    // The same body asked as a stream (by its Accept header): the stored parts replayed.
    const replay = await fetch(url, {
      method: "POST",
      headers: {
        authorization,
        "content-type": "application/json",
        accept: "text/event-stream",
        "idempotency-key": idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const { parts, sawDone } = await readEvents(replay);
    expect(sawDone).toBe(true);
    expect(textOf(parts)).toBe(first.body.message);
    expect(parts.at(-1)!.part).toMatchObject({
      type: "finish",
      messageMetadata: { executionId: first.body.executionId, threadId: first.body.threadId },
    });

    const other = await jsonTurn(
      url,
      key,
      { message: "something else" },
      { "idempotency-key": idempotencyKey },
    );
    expect(other.response.status).toBe(422);
    expect(other.body.error?.code).toBe("UNPROCESSABLE_CONTENT");

    // The turn ran once: its thread holds one user message and one reply.
    const messages = await fetch(`${baseURL}/v1/threads/${first.body.threadId}/messages`, {
      headers: { authorization },
    });
    expect(messages.status).toBe(200);
    const { items } = (await messages.json()) as { items: { role: string; content: string }[] };
    expect(items.map(({ role, content }) => `${role}: ${content}`)).toEqual([
      "user: remember this once",
      "assistant: You said: remember this once",
    ]);
  });
});
