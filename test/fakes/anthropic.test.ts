import Anthropic, {
  AnthropicError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import type { MessageStream } from "@anthropic-ai/sdk/lib/MessageStream";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  fakeClock,
  httpError,
  startFakeAnthropic,
  text,
  toolUse,
  type FakeAnthropic,
  type FakeRequest,
} from "@/test/fakes/anthropic";

// The fake driven by the real SDK: what it streams must assemble through MessageStream, its
// errors must become the SDK's error classes, and its retries must go through the SDK's policy.

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const client = (maxRetries = 0, options: { timeout?: number } = {}) =>
  new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries, ...options });

const params = (content = "Hi") => ({
  model: "claude-sonnet-4-5",
  max_tokens: 256,
  messages: [{ role: "user" as const, content }],
});

async function collect(stream: MessageStream): Promise<RawMessageStreamEvent[]> {
  const events: RawMessageStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const textDeltas = (events: RawMessageStreamEvent[]) =>
  events.flatMap((e) =>
    e.type === "content_block_delta" && e.delta.type === "text_delta" ? [e.delta.text] : [],
  );

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  return condition();
};

describe("fake Anthropic through the SDK", () => {
  it("streams text in several deltas that assemble into the final message", async () => {
    fake.script(text("The quick brown fox jumps over the dog"));
    const stream = client().messages.stream(params("Tell me"));
    const events = await collect(stream);
    const deltas = textDeltas(events);
    expect(deltas.length).toBeGreaterThanOrEqual(5);
    expect(deltas.join("")).toBe("The quick brown fox jumps over the dog");
    const final = await stream.finalMessage();
    expect(final.content).toEqual([
      { type: "text", text: "The quick brown fox jumps over the dog", citations: null },
    ]);
    expect(final.stop_reason).toBe("end_turn");
    expect(events.at(-1)?.type).toBe("message_stop");

    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/messages", aborted: false });
    expect(request?.apiKey).toBe("test");
    expect(request?.headers.authorization).toBe("Bearer test");
    expect(request?.body).toMatchObject({ stream: true, model: "claude-sonnet-4-5" });
    expect(request?.body?.messages).toEqual([{ role: "user", content: "Tell me" }]);
  });

  it("assembles several tool_use blocks from input_json_delta chunks", async () => {
    const query = { type: "student", filter: { grade: { gte: 3 } }, tags: ["a]", "b"] };
    fake.script(
      toolUse(
        [
          { name: "entity_query", input: query, id: "toolu_1" },
          { name: "entity_get", input: { id: "ent_42" } },
        ],
        { text: "Let me look." },
      ),
    );
    const stream = client().messages.stream(params());
    const events = await collect(stream);
    const jsonDeltas = events.filter(
      (e) => e.type === "content_block_delta" && e.delta.type === "input_json_delta",
    );
    expect(jsonDeltas.filter((e) => "index" in e && e.index === 1).length).toBeGreaterThan(2);
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    expect(final.content.map((block) => block.type)).toEqual(["text", "tool_use", "tool_use"]);
    expect(final.content[1]).toMatchObject({ id: "toolu_1", name: "entity_query", input: query });
    expect(final.content[2]).toMatchObject({ name: "entity_get", input: { id: "ent_42" } });
    expect((final.content[2] as { id: string }).id).toMatch(/^toolu_/);
  });

  it("reports usage with cache tokens in finalMessage().usage", async () => {
    const usage = {
      input_tokens: 1200,
      output_tokens: 7,
      cache_creation_input_tokens: 1000,
      cache_read_input_tokens: 150,
    };
    fake.script(text("ok", { usage }));
    const final = await client().messages.stream(params()).finalMessage();
    expect(final.usage).toMatchObject(usage);
  });

  it("answers JSON without stream: true", async () => {
    fake.script(toolUse([{ name: "entity_query", input: { type: "x" } }], { text: "On it" }));
    const message = await client().messages.create(params());
    expect(message.content[0]).toMatchObject({ type: "text", text: "On it" });
    expect(message.content[1]).toMatchObject({ type: "tool_use", input: { type: "x" } });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(fake.requests[0]?.body?.stream).toBeUndefined();
  });

  it("retries a 429 through the SDK's policy (retry-after-ms) and then succeeds", async () => {
    fake.script(httpError(429, { retryAfterMs: 1 }), text("after the retry"));
    const started = Date.now();
    const final = await client(2).messages.stream(params()).finalMessage();
    expect(Date.now() - started).toBeLessThan(300);
    expect(final.content[0]).toMatchObject({ text: "after the retry" });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.headers["x-stainless-retry-count"]).toBe("1");
  });

  it("retry-after: 0 is no instant retry: the SDK falls back to its backoff (>= 375 ms)", async () => {
    fake.script(httpError(429, { retryAfter: 0 }), text("late"));
    const started = Date.now();
    await client(1).messages.stream(params()).finalMessage();
    expect(Date.now() - started).toBeGreaterThanOrEqual(370);
  });

  it("surfaces 429 as RateLimitError and 529 as OverloadedError with maxRetries: 0", async () => {
    fake.script(httpError(429, { retryAfter: 30 }), httpError(529));
    const limited = await client()
      .messages.stream(params())
      .finalMessage()
      .catch((e) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.headers.get("retry-after")).toBe("30");
    const overloaded = await client()
      .messages.stream(params())
      .finalMessage()
      .catch((e) => e);
    expect(overloaded).toBeInstanceOf(OverloadedError);
    expect(overloaded).toBeInstanceOf(InternalServerError);
    expect(overloaded).toMatchObject({ status: 529, type: "overloaded_error" });
    expect(fake.requests).toHaveLength(2);
  });

  it("gives up on 529 after the SDK's retries", async () => {
    fake.setResponder(() => httpError(529, { retryAfterMs: 1 }));
    const error = await client(2)
      .messages.stream(params())
      .finalMessage()
      .catch((e) => e);
    expect(error).toBeInstanceOf(OverloadedError);
    expect(fake.requests).toHaveLength(3);
  });

  it("surfaces 500 as InternalServerError with the API's message", async () => {
    fake.script(httpError(500, { message: "boom" }));
    const error = await client()
      .messages.create(params())
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).not.toBeInstanceOf(OverloadedError);
    expect(error).toMatchObject({ status: 500, type: "api_error", apiMessage: "boom" });
    expect(error.requestID).toMatch(/^req_fake_\d+$/);
  });

  it("a stream cut midway makes the SDK's iteration throw", async () => {
    fake.script(text("one two three four five six", { cutAfterEvents: 5 }));
    const stream = client().messages.stream(params());
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e) => e);
    expect(failure).toBeInstanceOf(AnthropicError);
    expect(failure).not.toBeInstanceOf(APIUserAbortError);
    expect(failure.message).toBe("terminated"); // undici's TypeError, wrapped by MessageStream
    expect(seen).toContain("content_block_delta");
    expect(seen).not.toContain("message_stop");
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(AnthropicError);
    expect(fake.requests[0]?.aborted).toBe(false);
  });

  it("an SSE error event mid-stream becomes an APIError without status", async () => {
    fake.script(text("a b c d", { streamError: { afterEvents: 4, type: "overloaded_error" } }));
    const error = await client()
      .messages.stream(params())
      .finalMessage()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: undefined, type: "overloaded_error" });
  });

  it("a hang is ended by aborting the signal (APIUserAbortError, seen by the server)", async () => {
    fake.script(text("never", { hang: true }));
    const controller = new AbortController();
    const stream = client(2).messages.stream(params(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(stream.aborted).toBe(true);
    expect(await waitFor(() => fake.requests[0]?.aborted === true)).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("a hang hits the SDK's timeout (which only covers the wait for headers)", async () => {
    fake.script(text("never", { hang: true }));
    const error = await client(0, { timeout: 100 })
      .messages.create(params())
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("aborting mid-stream ends the iteration with APIUserAbortError", async () => {
    fake.script(text("first second third", { hangAfterEvents: 4 }));
    const stream = client().messages.stream(params());
    stream.on("text", () => stream.abort());
    await expect(collect(stream)).rejects.toBeInstanceOf(APIUserAbortError);
    expect(await waitFor(() => fake.requests[0]?.aborted === true)).toBe(true);
  });

  it("paces a slow first token and the deltas after it", async () => {
    fake.script(text("a b c", { firstTokenDelayMs: 120, deltaDelayMs: 40 }));
    const stream = client().messages.stream(params());
    const times: number[] = [];
    let connected = 0;
    stream.on("connect", () => (connected = Date.now()));
    stream.on("text", () => times.push(Date.now()));
    await stream.finalMessage();
    expect(times).toHaveLength(3);
    expect((times[0] ?? 0) - connected).toBeGreaterThanOrEqual(100);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(30);
  });

  it("scripts functions, uses setResponder with the default as fallback, then resets", async () => {
    fake.script((request) => text(`model ${request.body?.model}`));
    fake.setResponder((request, fallback) =>
      request.body?.system === "json please" ? text("{}") : fallback(request),
    );
    const anthropic = client();
    expect(await anthropic.messages.stream(params()).finalText()).toBe("model claude-sonnet-4-5");
    const system = { ...params(), system: "json please" };
    expect(await anthropic.messages.stream(system).finalText()).toBe("{}");
    expect(await anthropic.messages.stream(params("yo")).finalText()).toBe("You said: yo");
    fake.script(text("unused"));
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(fake.pending()).toBe(0);
    expect(await anthropic.messages.stream(system).finalText()).toBe("You said: Hi");
  });

  it("times each exchange: arrival, every text delta written, the end; onAnswered hears it", async () => {
    const answered: FakeRequest[] = [];
    const timed = await startFakeAnthropic({ onAnswered: (request) => answered.push(request) });
    try {
      const anthropic = new Anthropic({ apiKey: "k", baseURL: timed.url, maxRetries: 0 });
      timed.script(text("one two three four", { deltaDelayMs: 5 }), text("as JSON"));
      const before = fakeClock();
      const reads: number[] = [];
      const stream = anthropic.messages.stream(params());
      stream.on("text", () => reads.push(fakeClock()));
      await stream.finalMessage();
      await anthropic.messages.create(params());
      for (let i = 0; i < 50 && answered.length < 2; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(answered).toEqual(timed.requests);
      const [streamed, json] = answered.map((request) => request.timing);
      expect(streamed!.arrivedAt).toBeGreaterThanOrEqual(before);
      expect(streamed!.textDeltaAt).toHaveLength(4);
      expect(reads).toHaveLength(4);
      for (const [i, at] of streamed!.textDeltaAt.entries()) {
        expect(at).toBeGreaterThanOrEqual(
          i === 0 ? streamed!.arrivedAt : streamed!.textDeltaAt[i - 1]!,
        );
        expect(reads[i]).toBeGreaterThanOrEqual(at);
      }
      expect(streamed!.endedAt).toBeGreaterThanOrEqual(streamed!.textDeltaAt.at(-1)!);
      expect(json!.textDeltaAt).toEqual([]);
      expect(json!.endedAt).toBeGreaterThanOrEqual(json!.arrivedAt);
      expect(json!.arrivedAt).toBeGreaterThanOrEqual(streamed!.endedAt!);
    } finally {
      await timed.close();
    }
  });

  it("checks the API key when asked, answers count_tokens, 404s the rest, serves /health", async () => {
    const strict = await startFakeAnthropic({ apiKey: "right" });
    try {
      const wrong = new Anthropic({ apiKey: "wrong", baseURL: strict.url, maxRetries: 0 });
      await expect(wrong.messages.create(params())).rejects.toBeInstanceOf(AuthenticationError);
      const right = new Anthropic({ apiKey: "right", baseURL: strict.url, maxRetries: 0 });
      const count = await right.messages.countTokens(params());
      expect(count.input_tokens).toBeGreaterThan(0);
      const headers = { "x-api-key": "right" };
      expect((await fetch(`${strict.url}/v1/nothing`, { headers })).status).toBe(404);
      expect((await fetch(`${strict.url}/health`)).status).toBe(200);
      expect(strict.requests.map((r) => r.path)).toEqual([
        "/v1/messages",
        "/v1/messages/count_tokens",
        "/v1/nothing",
      ]);
    } finally {
      await strict.close();
    }
  });
});
