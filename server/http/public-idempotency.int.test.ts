import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { text, toolUse } from "@/test/fakes/anthropic";
import {
  builtin,
  createChatAgent,
  readChat,
  startChatHarness,
  userMessage,
  type ChatHarness,
} from "@/test/chat";
import {
  apiKeyFor,
  endedTurn,
  errorOf,
  runningTurn,
  slowText,
  v1Fetch,
  v1Json,
  v1Send,
  v1Transport,
} from "@/test/public-api";
import { hashApiKey } from "@/server/auth/api-keys";
import { IDEMPOTENCY_WINDOW_MS } from "@/server/services/idempotency";
import { ABANDONED_TURN_MESSAGE } from "@/server/services/turns";

// Idempotency-Key on the public chat routes: a repeat with the same key and body gets the first
// answer and runs nothing (JSON and stream), 409 while the first runs, 422 with another body,
// keys per API key, concurrent duplicates run once, and a key older than 24 hours is free again.

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

const chatPath = (agent: { slug: string }) => `/agents/${agent.slug}/chat`;

function post(k: string, path: string, body: unknown, idempotencyKey: string) {
  return v1Json(h.deps, k, path, { body, headers: { "idempotency-key": idempotencyKey } });
}

/** What the agent's chats have written: executions, messages and threads. */
async function written(agentId: string) {
  const db = testDb();
  return {
    executions: await db.execution.count({ where: { agentId } }),
    messages: await db.message.count({ where: { thread: { agentId } } }),
    threads: await db.thread.count({ where: { agentId } }),
  };
}

describe("a repeat with the same key and body", () => {
  it("gets the first JSON answer with Idempotent-Replayed: true, and runs nothing", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(text("The first answer."));
    const k = uid("idem");
    const body = { message: "hello", externalThreadId: uid("ext") };
    const first = await post(key, chatPath(agent), body, k);
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(first.body).toMatchObject({ message: "The first answer.", stopReason: "end_turn" });
    const after = await written(agent.id);

    const again = await post(key, chatPath(agent), body, k);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(again.body).toEqual(first.body);
    expect(h.fake.requests).toHaveLength(1);
    // Not even the user's message is stored again.
    expect(await written(agent.id)).toEqual(after);
    expect(after).toEqual({ executions: 1, messages: 2, threads: 1 });
  });

  it("streamed: the repeat's stream has the first one's parts, read by useChat's transport", async () => {
    const agent = await createChatAgent(t.org.id, { tools: [builtin("entity.get")] });
    h.fake.script(
      toolUse([{ name: "entity_get", input: { id: "missing" } }], { text: "Looking." }),
      text("Not there."),
    );
    const responses: Response[] = [];
    const fetchV1 = v1Fetch(h.deps);
    const transport = v1Transport(h.deps, agent.slug, key, {
      headers: { "idempotency-key": uid("idem") },
      fetch: async (input, init) => {
        const response = await fetchV1(input, init);
        responses.push(response);
        return response;
      },
    });
    // useChat sends the same list again on a retry: the same message, the same id.
    const message = userMessage("find it");
    const chatId = uid("chat");
    const first = await readChat(await v1Send(transport, message, { chatId }));
    const again = await readChat(await v1Send(transport, message, { chatId }));

    expect(first.chunks.map((c) => c.type)).toContain("tool-output-error");
    expect(again.chunks).toEqual(first.chunks);
    expect(again.message.parts).toEqual(first.message.parts);
    expect(responses.map((r) => r.headers.get("idempotent-replayed"))).toEqual([null, "true"]);
    expect(responses[1]!.headers.get("content-type")).toContain("text/event-stream");
    expect(h.fake.requests).toHaveLength(2); // the first turn's two model calls, no more
    expect((await written(agent.id)).executions).toBe(1);
  });

  it("asked once as a stream and once as JSON: the JSON is the stream's answer", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(text("Both ways."));
    const k = uid("idem");
    const body = { message: "hello" };
    const streamed = await v1Json(h.deps, key, chatPath(agent), {
      body,
      headers: { "idempotency-key": k, accept: "text/event-stream" },
    });
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    expect(streamed.text).toContain('"type":"finish"');
    const json = await post(key, chatPath(agent), body, k);
    expect([json.status, json.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(json.body).toMatchObject({ message: "Both ways.", stopReason: "end_turn" });
    expect(h.fake.requests).toHaveLength(1);
  });
});

describe("refused repeats", () => {
  it("409 idempotency_in_progress while the first request runs, then its answer", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(slowText(20));
    const k = uid("idem");
    const body = { message: "a long story" };
    const first = post(key, chatPath(agent), body, k);
    await runningTurn(agent.id);

    const during = await post(key, chatPath(agent), body, k);
    expect(during.status).toBe(409);
    expect(errorOf(during.body)).toEqual({
      code: "idempotency_in_progress",
      message: expect.any(String),
    });
    // Asked as a stream, the same refusal (a JSON error, not a stream).
    const streamed = await v1Json(h.deps, key, chatPath(agent), {
      body,
      headers: { "idempotency-key": k, accept: "text/event-stream" },
    });
    expect([streamed.status, errorOf(streamed.body).code]).toEqual([
      409,
      "idempotency_in_progress",
    ]);

    const answered = await first;
    expect(answered.status).toBe(200);
    const replay = await post(key, chatPath(agent), body, k);
    expect(replay.body).toEqual(answered.body);
    expect(h.fake.requests).toHaveLength(1);
    expect((await written(agent.id)).executions).toBe(1);
  });

  it("422 with another body (or another route), writing nothing", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(text("first"));
    const k = uid("idem");
    expect((await post(key, chatPath(agent), { message: "one" }, k)).status).toBe(200);
    const before = await written(agent.id);
    for (const [path, body] of [
      [chatPath(agent), { message: "two" }],
      [chatPath(agent), { message: "one", stream: false }],
      ["/chat", { message: "one", agentId: agent.id }],
    ] as const) {
      const other = await post(key, path, body, k);
      expect([other.status, errorOf(other.body).code]).toEqual([422, "UNPROCESSABLE_CONTENT"]);
      expect(other.headers.get("idempotent-replayed")).toBeNull();
    }
    expect(await written(agent.id)).toEqual(before);
    expect(h.fake.requests).toHaveLength(1);
  });

  it("a request refused before its turn began leaves the key unused", async () => {
    const agent = await createChatAgent(t.org.id);
    const k = uid("idem");
    const refused = await post(key, chatPath(agent), { message: "hi", threadId: uid("no") }, k);
    expect(refused.status).toBe(404);
    h.fake.script(text("now it runs"));
    const ran = await post(key, chatPath(agent), { message: "hi" }, k);
    expect([ran.status, ran.headers.get("idempotent-replayed")]).toEqual([200, null]);
  });
});

describe("a first request whose process died", () => {
  it("its repeat gets the abandoned turn's end (504, as a stream too), not 409 for ever", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(text("cut short"));
    const k = uid("idem");
    const body = { message: "hello" };
    const first = await post(key, chatPath(agent), body, k);
    const executionId = first.body!.executionId as string;
    // As its process would have left it: running past its deadline, its last parts unwritten.
    const row = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    const parts = row.parts as { type: string }[];
    await testDb().execution.update({
      where: { id: executionId },
      data: {
        status: "running",
        stopReason: null,
        endedAt: null,
        deadlineAt: new Date(Date.now() - 1_000),
        parts: parts.slice(
          0,
          parts.findIndex((p) => p.type === "text-end"),
        ),
      },
    });

    const again = await post(key, chatPath(agent), body, k);
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([504, "true"]);
    expect(errorOf(again.body)).toEqual({
      code: "GATEWAY_TIMEOUT",
      message: ABANDONED_TURN_MESSAGE,
    });
    expect(
      (await testDb().execution.findUniqueOrThrow({ where: { id: executionId } })).status,
    ).toBe("timeout");
    const streamed = await v1Json(h.deps, key, chatPath(agent), {
      body,
      headers: { "idempotency-key": k, accept: "text/event-stream" },
    });
    const chunks = streamed.text
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice("data: ".length)) as { type: string });
    expect(chunks.slice(-2)).toEqual([
      { type: "error", errorText: ABANDONED_TURN_MESSAGE },
      {
        type: "finish",
        finishReason: "error",
        messageMetadata: expect.objectContaining({ executionId, errorCode: "GATEWAY_TIMEOUT" }),
      },
    ]);
    expect(h.fake.requests).toHaveLength(1);
  });
});

describe("keys are per API key", () => {
  it("the same key sent with two API keys runs twice, each turn its key's", async () => {
    const agent = await createChatAgent(t.org.id);
    const other = await apiKeyFor(t);
    const mine = await testDb().apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(key) } });
    h.fake.script(text("for the first key"), text("for the second key"));
    const k = uid("idem");
    const body = { message: "hello" };
    const a = await post(key, chatPath(agent), body, k);
    const b = await post(other.key, chatPath(agent), body, k);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect([a.body!.message, b.body!.message]).toEqual(["for the first key", "for the second key"]);
    expect(h.fake.requests).toHaveLength(2);
    const rows = await testDb().execution.findMany({
      where: { agentId: agent.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, apiKeyId: true, idempotencyKey: true },
    });
    expect(rows).toEqual([
      { id: a.body!.executionId, apiKeyId: mine.id, idempotencyKey: k },
      { id: b.body!.executionId, apiKeyId: other.apiKey.id, idempotencyKey: k },
    ]);
  });
});

describe("concurrent duplicates", () => {
  // Real concurrency on PostgreSQL (each request its own connections); PGlite interleaves them.
  for (const threadRef of ["a new thread", "an external thread id"] as const) {
    it(`run the turn once (${threadRef}): one answer, the others in progress or its replay`, async () => {
      const agent = await createChatAgent(t.org.id);
      h.fake.setResponder(() => text("only once", { deltaDelayMs: 5 }));
      for (let round = 0; round < 5; round++) {
        const before = await written(agent.id);
        const k = uid("idem");
        const body = {
          message: `round ${round}`,
          ...(threadRef === "an external thread id" && { externalThreadId: uid("ext") }),
        };
        const answers = await Promise.all(
          Array.from({ length: 4 }, () => post(key, chatPath(agent), body, k)),
        );
        const ran = answers.filter(
          (a) => a.status === 200 && !a.headers.has("idempotent-replayed"),
        );
        expect(ran, JSON.stringify(answers.map((a) => [a.status, a.body]))).toHaveLength(1);
        for (const answer of answers) {
          if (answer === ran[0]) continue;
          if (answer.status === 409) {
            expect(errorOf(answer.body).code).toBe("idempotency_in_progress");
          } else {
            expect(answer.status).toBe(200);
            expect(answer.headers.get("idempotent-replayed")).toBe("true");
            expect(answer.body).toEqual(ran[0]!.body);
          }
        }
        await endedTurn(ran[0]!.body!.executionId as string);
        // One turn: one execution, its two messages, one thread (none made for the duplicates).
        expect(await written(agent.id)).toEqual({
          executions: before.executions + 1,
          messages: before.messages + 2,
          threads: before.threads + 1,
        });
      }
      expect(h.fake.requests).toHaveLength(5);
    });
  }
});

describe("the 24-hour window", () => {
  it("replays a key just inside it; past it the key runs a new turn", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(text("yesterday"), text("today"));
    const k = uid("idem");
    const body = { message: "hello" };
    const first = await post(key, chatPath(agent), body, k);
    const firstId = first.body!.executionId as string;
    const age = async (ms: number) =>
      testDb().execution.update({
        where: { id: firstId },
        data: { createdAt: new Date(Date.now() - ms) },
      });

    await age(IDEMPOTENCY_WINDOW_MS - 60_000);
    const inside = await post(key, chatPath(agent), body, k);
    expect([inside.headers.get("idempotent-replayed"), inside.body]).toEqual(["true", first.body]);

    await age(IDEMPOTENCY_WINDOW_MS + 60_000);
    const past = await post(key, chatPath(agent), body, k);
    expect([past.status, past.headers.get("idempotent-replayed")]).toEqual([200, null]);
    expect(past.body).toMatchObject({ message: "today" });
    expect(past.body!.executionId).not.toBe(firstId);
    // The old turn let go of the key; the new one holds it and is replayed.
    const old = await testDb().execution.findUniqueOrThrow({ where: { id: firstId } });
    expect(old.idempotencyKey).toBeNull();
    const replay = await post(key, chatPath(agent), body, k);
    expect([replay.headers.get("idempotent-replayed"), replay.body]).toEqual(["true", past.body]);
    // Past the window another body is a new request too.
    await testDb().execution.update({
      where: { id: past.body!.executionId as string },
      data: { createdAt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS - 1_000) },
    });
    h.fake.script(text("another body"));
    const changed = await post(key, chatPath(agent), { message: "changed" }, k);
    expect([changed.status, changed.body!.message]).toEqual([200, "another body"]);
    expect(h.fake.requests).toHaveLength(3);
  });
});
