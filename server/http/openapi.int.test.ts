import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { httpError, text, toolUse } from "@/test/fakes/anthropic";
import { builtin, createChatAgent, startChatHarness, type ChatHarness } from "@/test/chat";
import { apiKeyFor, runningTurn, slowText, v1Json } from "@/test/public-api";
import { openApiDocument } from "@/server/http/openapi";
import {
  cancelAnswerSchema,
  chatAnswerSchema,
  errorBodySchema,
  healthSchema,
  messagesPageSchema,
} from "@/server/http/public-schemas";
import { streamPartSchema, UI_MESSAGE_STREAM_HEADER } from "@/server/http/public-stream-schemas";
import { checkHealth } from "@/server/services/health";

// The answers are what the OpenAPI document says: real requests through the /v1 handlers (the
// model being the loopback fake), their bodies parsed with the very zod schemas the document is
// generated from. The answer schemas are strict, so a field the document does not name fails.

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

type Answer = Awaited<ReturnType<typeof v1Json>>;

/** The body parsed with the schema (a failure lists the zod issues), and the status documented. */
function expectDocumented<S extends z.ZodType>(
  answer: Answer,
  path: string,
  method: "get" | "post",
  schema: S,
): z.infer<S> {
  const parsed = schema.safeParse(answer.body);
  expect(parsed.error?.issues ?? [], answer.text).toEqual([]);
  const operation = (openApiDocument().paths as Record<string, Record<string, unknown>>)[path]?.[
    method
  ] as { responses: Record<string, unknown> } | undefined;
  expect(Object.keys(operation?.responses ?? {}), path).toContain(String(answer.status));
  return parsed.data as z.infer<S>;
}

/** The RateLimit-* headers the document promises: whole numbers. */
function expectRateLimitHeaders(answer: Answer) {
  for (const name of ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"])
    expect(answer.headers.get(name), name).toMatch(/^\d+$/);
}

describe("answers match the documented schemas", () => {
  it("a chat's JSON answer (with a tool call), and the transcript page", async () => {
    const agent = await createChatAgent(t.org.id, { tools: [builtin("entity.get")] });
    h.fake.script(toolUse([{ name: "entity_get", input: { id: "missing" } }]), text("Not there."));
    const answer = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "find it", externalThreadId: "doc-1" },
    });
    expect(answer.status).toBe(200);
    const body = expectDocumented(answer, "/v1/agents/{slug}/chat", "post", chatAnswerSchema);
    expect(body).toMatchObject({ message: "Not there.", stopReason: "end_turn" });
    expect(body.toolCalls).toHaveLength(1);
    expectRateLimitHeaders(answer);

    h.fake.script(text("Again."));
    const byId = await v1Json(h.deps, key, "/chat", {
      body: { agentId: agent.id, message: "again", threadId: body.threadId },
    });
    expect(byId.status).toBe(200);
    expectDocumented(byId, "/v1/chat", "post", chatAnswerSchema);

    const page = await v1Json(h.deps, key, `/threads/${body.threadId}/messages?limit=3`, {
      method: "GET",
    });
    expect(page.status).toBe(200);
    const transcript = expectDocumented(
      page,
      "/v1/threads/{threadId}/messages",
      "get",
      messagesPageSchema,
    );
    expect(transcript.items.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(transcript.nextCursor).toEqual(expect.any(String));
    expectRateLimitHeaders(page);
  });

  it("errors: 401, 404, 400, 409 for a cancel with nothing running, 502 of a failed turn", async () => {
    const agent = await createChatAgent(t.org.id);
    const chatPath = `/agents/${agent.slug}/chat`;
    const route = "/v1/agents/{slug}/chat";

    const noKey = await v1Json(h.deps, null, chatPath, { body: { message: "hi" } });
    expect(noKey.status).toBe(401);
    expectDocumented(noKey, route, "post", errorBodySchema);

    const missing = await v1Json(h.deps, key, "/agents/no-such-agent/chat", {
      body: { message: "hi" },
    });
    expect(missing.status).toBe(404);
    expectDocumented(missing, route, "post", errorBodySchema);
    expectRateLimitHeaders(missing);

    const invalid = await v1Json(h.deps, key, chatPath, { body: { message: "" } });
    expect(invalid.status).toBe(400);
    expectDocumented(invalid, route, "post", errorBodySchema);

    h.fake.script(text("done"));
    const done = await v1Json(h.deps, key, chatPath, { body: { message: "hi" } });
    const threadId = (done.body as { threadId: string }).threadId;
    const cancel = await v1Json(h.deps, key, `/threads/${threadId}/cancel`);
    expect(cancel.status).toBe(409);
    const refused = expectDocumented(
      cancel,
      "/v1/threads/{threadId}/cancel",
      "post",
      errorBodySchema,
    );
    expect(refused.error.code).toBe("CONFLICT");

    const badQuery = await v1Json(h.deps, key, `/threads/${threadId}/messages?limit=0`, {
      method: "GET",
    });
    expect(badQuery.status).toBe(400);
    expectDocumented(badQuery, "/v1/threads/{threadId}/messages", "get", errorBodySchema);

    h.fake.setResponder(() => httpError(529, { retryAfterMs: 1 }));
    const failed = await v1Json(h.deps, key, chatPath, { body: { message: "hi" } });
    expect(failed.status).toBe(502);
    const turnError = expectDocumented(failed, route, "post", errorBodySchema);
    expect(turnError).toMatchObject({
      error: { code: "BAD_GATEWAY" },
      threadId: expect.any(String),
    });

    const approval = await v1Json(h.deps, key, `/threads/${threadId}/approvals`, {
      body: { toolCallId: "toolu_01", approved: true },
    });
    expect(approval.status).toBe(404);
    expectDocumented(approval, "/v1/threads/{threadId}/approvals", "post", errorBodySchema);
  });

  it("every part of a stream, its header and its end", async () => {
    const agent = await createChatAgent(t.org.id, { tools: [builtin("entity.get")] });
    h.fake.script(
      toolUse([{ name: "entity_get", input: { id: "x" } }], { text: "Looking." }),
      text("Done."),
    );
    const answer = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "find it", stream: true },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/event-stream");
    expect(answer.headers.get(UI_MESSAGE_STREAM_HEADER)).toBe("v1");
    const data = answer.text
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => line.slice("data: ".length));
    expect(data.at(-1)).toBe("[DONE]");
    const parts = data.slice(0, -1).map((line) => {
      const parsed = streamPartSchema.safeParse(JSON.parse(line));
      expect(parsed.error?.issues ?? [], line).toEqual([]);
      return parsed.data!;
    });
    expect(new Set(parts.map((p) => p.type))).toEqual(
      new Set([
        "start",
        "start-step",
        "text-start",
        "text-delta",
        "text-end",
        "tool-input-start",
        "tool-input-available",
        "tool-output-error",
        "finish-step",
        "finish",
      ]),
    );

    h.fake.setResponder(() => httpError(529, { retryAfterMs: 1 }));
    const failed = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
      body: { message: "hi", stream: true },
    });
    const failedParts = failed.text
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => streamPartSchema.parse(JSON.parse(line.slice("data: ".length))));
    expect(failedParts.map((p) => p.type)).toContain("error");
  });

  it("health", async () => {
    expect(healthSchema.parse(await checkHealth(testDb()))).toMatchObject({ status: "ok" });
  });

  it("cancel of a running turn, and the 409 idempotency_in_progress of its repeat", async () => {
    const agent = await createChatAgent(t.org.id);
    h.fake.script(slowText(40));
    const body = { message: "a long story" };
    const headers = { "idempotency-key": `doc-${agent.id}` };
    const first = v1Json(h.deps, key, `/agents/${agent.slug}/chat`, { body, headers });
    const running = await runningTurn(agent.id);

    const repeat = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, { body, headers });
    expect(repeat.status).toBe(409);
    const inProgress = expectDocumented(repeat, "/v1/agents/{slug}/chat", "post", errorBodySchema);
    expect(inProgress.error.code).toBe("idempotency_in_progress");

    const cancel = await v1Json(h.deps, key, `/threads/${running.threadId}/cancel`);
    expect(cancel.status).toBe(200);
    expectDocumented(cancel, "/v1/threads/{threadId}/cancel", "post", cancelAnswerSchema);
    const ended = await first;
    expect(chatAnswerSchema.parse(ended.body).stopReason).toBe("cancelled");
    // The cancelled turn's model call may still be on its way: it must not meet another test's
    // script.
    await h.fake.waitForRequests(1);
  });
});
