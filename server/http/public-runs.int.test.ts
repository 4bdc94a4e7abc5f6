import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { text } from "@/test/fakes/anthropic";
import { createChatAgent, readChat, startChatHarness, type ChatHarness } from "@/test/chat";
import {
  apiKeyFor,
  endedTurn,
  errorOf,
  runningTurn,
  slowText,
  v1Json,
  v1RejoinThread,
  v1Send,
  v1Transport,
} from "@/test/public-api";
import { liveTurns } from "@/server/agent/turn-recorder";

// Runs over the /v1 routes, each from a second connection with the API key: rejoining a running
// turn (by thread id, and by useChat's resume on its chat id), cancelling it, a client that
// disconnects, and a second chat on a thread while a turn runs.

let h: ChatHarness;
let t: Tenant;
let key: string;

beforeAll(async () => {
  h = await startChatHarness({ turnTimeoutMs: 5_000 });
  t = await createTenant();
  ({ key } = await apiKeyFor(t));
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A turn streaming on a new agent, through useChat's transport on /v1/agents/{slug}/chat. */
async function streamingTurn(words: number, abortSignal?: AbortSignal) {
  const agent = await createChatAgent(t.org.id);
  h.fake.script(slowText(words));
  const chatId = uid("chat");
  const transport = v1Transport(h.deps, agent.slug, key);
  const stream = await v1Send(transport, "Tell me a long story", { chatId, abortSignal });
  const execution = await runningTurn(agent.id);
  return { agent, chatId, transport, stream, execution, threadId: execution.threadId! };
}

describe("rejoin from a second connection", () => {
  it("GET /v1/threads/{id}/stream receives exactly what the first stream received", async () => {
    const turn = await streamingTurn(30);
    const first = readChat(turn.stream);
    await pause(200);
    const rejoined = await v1RejoinThread(h.deps, turn.threadId, key);
    expect(rejoined).not.toBeNull();
    const [a, b] = await Promise.all([first, readChat(rejoined!)]);
    expect(b.chunks).toEqual(a.chunks);
    expect(b.message.parts).toEqual(a.message.parts);
    expect(a.chunks.at(-1)).toMatchObject({ messageMetadata: { stopReason: "end_turn" } });
    // Nothing runs any more: 204, which the transport reads as null.
    expect(await v1RejoinThread(h.deps, turn.threadId, key)).toBeNull();
  });

  it("useChat's reconnectToStream on /v1/agents/{slug}/chat/{chatId}/stream, too", async () => {
    const turn = await streamingTurn(30);
    const first = readChat(turn.stream);
    await pause(200);
    // Another client of the same chat: its own transport, the same key.
    const other = v1Transport(h.deps, turn.agent.slug, key);
    const rejoined = await other.reconnectToStream({ chatId: turn.chatId });
    expect(rejoined).not.toBeNull();
    const [a, b] = await Promise.all([first, readChat(rejoined!)]);
    expect(b.chunks).toEqual(a.chunks);
    expect(b.message.parts).toEqual(a.message.parts);
    expect(await other.reconnectToStream({ chatId: turn.chatId })).toBeNull();
  });
});

describe("cancel from a second connection", () => {
  it("POST /v1/threads/{id}/cancel stops the first stream with stopReason cancelled", async () => {
    const turn = await streamingTurn(100);
    const reading = readChat(turn.stream);
    await pause(150);
    const cancel = await v1Json(h.deps, key, `/threads/${turn.threadId}/cancel`);
    expect([cancel.status, cancel.body]).toEqual([
      200,
      { threadId: turn.threadId, executionId: turn.execution.id, cancelRequested: true },
    ]);
    const { chunks } = await reading;
    expect(chunks.at(-1)).toMatchObject({
      type: "finish",
      messageMetadata: { stopReason: "cancelled" },
    });
    const row = await endedTurn(turn.execution.id);
    expect(row).toMatchObject({ status: "cancelled", stopReason: "cancelled" });
    // The partial text is kept, and the transcript says so.
    const page = await v1Json(h.deps, key, `/threads/${turn.threadId}/messages`, {
      method: "GET",
    });
    const items = page.body!.items as { role: string; content: string }[];
    expect(items.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(items[1]!.content.startsWith("word0 word1")).toBe(true);
    expect(items[1]!.content.split(" ").length).toBeLessThan(100);
    // Nothing runs any more.
    const again = await v1Json(h.deps, key, `/threads/${turn.threadId}/cancel`);
    expect([again.status, errorOf(again.body).code]).toEqual([409, "CONFLICT"]);
  });
});

describe("from another instance than the turn's", () => {
  /** Runs `request` as an instance that does not hold the turn in memory would. */
  async function elsewhere<T>(executionId: string, request: () => Promise<T>): Promise<T> {
    const recorder = liveTurns.get(executionId)!;
    liveTurns.delete(executionId);
    try {
      return await request();
    } finally {
      liveTurns.add(recorder);
    }
  }

  it("rejoins from the execution row and cancels by its flag alone", async () => {
    const turn = await streamingTurn(100);
    const first = readChat(turn.stream);
    await pause(150);
    const rejoined = await elsewhere(turn.execution.id, () =>
      v1RejoinThread(h.deps, turn.threadId, key),
    );
    const second = readChat(rejoined!);
    await pause(150);
    const cancel = await elsewhere(turn.execution.id, () =>
      v1Json(h.deps, key, `/threads/${turn.threadId}/cancel`),
    );
    expect(cancel.status).toBe(200);
    const [a, b] = await Promise.all([first, second]);
    expect(a.chunks.at(-1)).toMatchObject({ messageMetadata: { stopReason: "cancelled" } });
    expect(b.chunks).toEqual(a.chunks);
    expect((await endedTurn(turn.execution.id)).status).toBe("cancelled");
  });
});

describe("a client that disconnects", () => {
  it("does not cancel: the turn completes and is persisted", async () => {
    const abort = new AbortController();
    const turn = await streamingTurn(20, abort.signal);
    const reader = turn.stream.getReader();
    await reader.read();
    abort.abort();
    await reader.cancel().catch(() => {});
    const row = await endedTurn(turn.execution.id);
    expect(row).toMatchObject({ status: "success", stopReason: "end_turn" });
    const page = await v1Json(h.deps, key, `/threads/${turn.threadId}/messages`, {
      method: "GET",
    });
    const items = page.body!.items as { role: string; content: string }[];
    expect(items.at(-1)!.content.split(" ")).toHaveLength(20);
  });
});

describe("one turn per thread", () => {
  it("a second chat on a running thread is 409, on either chat route; after the turn it runs", async () => {
    const turn = await streamingTurn(20);
    const first = readChat(turn.stream);
    const refusals = [
      await v1Json(h.deps, key, `/agents/${turn.agent.slug}/chat`, {
        body: { message: "again", externalThreadId: turn.chatId },
      }),
      await v1Json(h.deps, key, "/chat", {
        body: { message: "again", agentId: turn.agent.id, threadId: turn.threadId },
      }),
      await v1Json(h.deps, key, `/agents/${turn.agent.slug}/chat`, {
        body: { message: "again", threadId: turn.threadId, stream: true },
      }),
    ];
    for (const refused of refusals) {
      expect([refused.status, errorOf(refused.body)]).toEqual([
        409,
        { code: "CONFLICT", message: "A turn is already running on this thread" },
      ]);
    }
    await first;
    expect(
      await testDb().execution.count({ where: { threadId: turn.threadId, status: "running" } }),
    ).toBe(0);
    h.fake.script(text("second"));
    const accepted = await v1Json(h.deps, key, "/chat", {
      body: { message: "again", agentId: turn.agent.id, threadId: turn.threadId },
    });
    expect([accepted.status, accepted.body!.message]).toEqual([200, "second"]);
    expect(await testDb().execution.count({ where: { threadId: turn.threadId } })).toBe(2);
  });
});
