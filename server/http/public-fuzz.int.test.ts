import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { text } from "@/test/fakes/anthropic";
import { createChatAgent, startChatHarness, type ChatHarness } from "@/test/chat";
import { apiKeyFor, errorOf, v1Fetch, v1Json } from "@/test/public-api";
import { MAX_BODY_DEPTH } from "@/server/auth/public-api";

// Every /v1 route (and the keyless OpenAPI document) with random and malformed requests: bodies (arbitrary JSON, wrong types, huge
// strings, deep nesting, NUL and lone surrogates, bytes that are not UTF-8), headers (content
// type, lying content-length, authorization variants, Idempotency-Key of any length, accept)
// and paths (unknown segments, percent-encoded bytes, very long ids). The model answers at once,
// so no answer may be a 5xx: 502 and 504 (the model's side) cannot happen here, and a 500 is a
// bug. Without a valid key nothing of the organization may be written.
//
// fast-check prints the seed and path of a failure; FC_SEED (and FC_PATH) replay it.

const RUNS = 200;
const ORIGIN = "http://api.test";

function fuzzParameters(): fc.Parameters<[FuzzRequest]> {
  const seed = process.env.FC_SEED;
  return {
    numRuns: RUNS,
    ...(seed && { seed: Number(seed), path: process.env.FC_PATH }),
    // The default report prints the whole counterexample (bodies of 64 KiB): abridge it.
    reporter(details) {
      if (!details.failed) return;
      const [r] = details.counterexample ?? [];
      throw new Error(
        `fuzz failed after ${details.numRuns} runs: FC_SEED=${details.seed} ` +
          `FC_PATH=${details.counterexamplePath} replays it\n` +
          `${r ? describeRequest(r) : "(no counterexample)"}\n${String(details.errorInstance)}`,
      );
    },
  };
}

let h: ChatHarness;
let t: Tenant;
let key: string;
let revoked: string;
let expired: string;
let known: { slug: string; agentId: string; threadId: string; chatId: string; messageId: string };
let fetchV1: ReturnType<typeof v1Fetch>;

beforeAll(async () => {
  h = await startChatHarness({ turnTimeoutMs: 5_000 });
  t = await createTenant();
  ({ key } = await apiKeyFor(t));
  const r = await apiKeyFor(t);
  await testDb().apiKey.update({ where: { id: r.apiKey.id }, data: { revokedAt: new Date() } });
  revoked = r.key;
  const e = await apiKeyFor(t);
  await testDb().apiKey.update({
    where: { id: e.apiKey.id },
    data: { expiresAt: new Date(Date.now() - 1_000) },
  });
  expired = e.key;
  const agent = await createChatAgent(t.org.id, {}, { production: true });
  h.fake.setResponder(() => text("ok"));
  const chatId = "known-chat";
  const first = await v1Json(h.deps, key, `/agents/${agent.slug}/chat`, {
    body: { message: "hello", externalThreadId: chatId },
  });
  const threadId = first.body!.threadId as string;
  const message = await testDb().message.findFirstOrThrow({ where: { threadId } });
  known = { slug: agent.slug, agentId: agent.id, threadId, chatId, messageId: message.id };
  fetchV1 = v1Fetch(h.deps);
});
afterAll(() => h.close());
beforeEach(() => {
  h.fake.reset();
  // Instantly, whatever is asked: no marker of the default responder applies.
  h.fake.setResponder(() => text("ok"));
});

// --- requests ---------------------------------------------------------------------------------

type FuzzRequest = {
  method: string;
  path: string;
  headers: [string, string][];
  body?: string | Uint8Array<ArrayBuffer>;
};

const hex = (byte: number) => `%${byte.toString(16).padStart(2, "0").toUpperCase()}`;

/** Characters a header value may carry (no controls; Latin-1 beyond ASCII). */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
);
const headerValue = (maxLength: number) =>
  fc.array(headerChar, { maxLength }).map((codes) => String.fromCharCode(...codes));

/** Mostly `usual`, now and then `odd`: requests near valid ones reach deeper. */
const mostly = <T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>, weight = 4) =>
  fc.oneof({ arbitrary: usual, weight }, { arbitrary: odd, weight: 1 });

/** Present or not, as often (undefined fields vanish from JSON.stringify). */
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), value);

/** Now and then present. */
const rarely = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: value, weight: 1 });

/** Strings made to hurt: NUL, lone surrogates, emoji, huge, the ids that exist. */
function nastyString() {
  return fc.oneof(
    { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 3 },
    {
      arbitrary: fc.string({
        unit: fc.constantFrom("\u0000", "\ud800", "\udfff", "a", " ", "é", "😀", "\n", "\\", '"'),
        maxLength: 20,
      }),
      weight: 3,
    },
    // Past the field's bound, or past the body's.
    { arbitrary: fc.integer({ min: 200, max: 70_000 }).map((n) => "y".repeat(n)), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        known.threadId,
        known.chatId,
        known.agentId,
        known.messageId,
        known.slug,
        "",
        "   ",
      ),
      weight: 2,
    },
  );
}

/** Any value of any type. */
function anyValue() {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    nastyString(),
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, [], {}),
  );
}

const wrong = () => fc.oneof(nastyString(), anyValue());
const shortText = fc.string({ minLength: 1, maxLength: 30 });

function chatBody(withAgentId: boolean) {
  return fc.record({
    message: mostly(shortText, wrong()),
    agentId: withAgentId ? mostly(fc.constant(known.agentId), wrong(), 6) : maybe(wrong()),
    threadId: maybe(mostly(fc.constant(known.threadId), wrong())),
    externalThreadId: maybe(mostly(shortText, wrong())),
    metadata: maybe(mostly(fc.dictionary(nastyString(), anyValue(), { maxKeys: 4 }), wrong())),
    stream: maybe(mostly(fc.boolean(), wrong())),
  });
}

function chatBodyOfUseChat(withAgentId: boolean) {
  const part = fc.record({
    type: mostly(fc.constant("text"), wrong()),
    text: maybe(mostly(shortText, wrong())),
  });
  const message = fc.record({
    id: maybe(mostly(shortText, wrong())),
    role: mostly(fc.constantFrom("user", "assistant", "system"), wrong()),
    parts: mostly(fc.array(part, { maxLength: 3 }), wrong()),
  });
  return fc.record({
    id: mostly(shortText, wrong()),
    messages: mostly(fc.array(message, { minLength: 1, maxLength: 3 }), wrong()),
    trigger: maybe(mostly(fc.constantFrom("submit-message", "regenerate-message"), wrong())),
    messageId: maybe(wrong()),
    agentId: withAgentId ? mostly(fc.constant(known.agentId), wrong(), 6) : maybe(wrong()),
    metadata: maybe(wrong()),
  });
}

function approvalBody() {
  return fc.record({
    toolCallId: mostly(fc.constant("call-1"), wrong()),
    approved: mostly(fc.boolean(), wrong()),
    reason: maybe(wrong()),
  });
}

/** `[[[...]]]` n deep, somewhere in a chat body. */
function deepBody() {
  return fc
    .tuple(
      fc.integer({ min: 1, max: 40_000 }),
      fc.constantFrom("metadata", "message", "extra", "top", "messages"),
      fc.constantFrom("[", '{"a":'),
    )
    .map(([depth, where, open]) => {
      const close = open === "[" ? "]" : "}";
      const deep = open.repeat(depth) + (open === "[" ? "" : "1") + close.repeat(depth);
      const agent = `"agentId":"${known.agentId}"`;
      if (where === "top") return deep;
      if (where === "messages")
        return `{${agent},"id":"c","messages":[{"role":"user","parts":${deep}}]}`;
      if (where === "metadata") return `{${agent},"message":"hi","metadata":{"a":${deep}}}`;
      if (where === "message") return `{${agent},"message":${deep}}`;
      return `{${agent},"message":"hi","extra":${deep}}`;
    });
}

const encoder = new TextEncoder();
const concat = (...parts: (string | Uint8Array)[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? encoder.encode(p) : p))));

/** Anything at all as a body. */
function garbageBody() {
  return fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 200 }),
    deepBody(),
    fc.uint8Array({ maxLength: 300 }),
    // A chat body whose message is bytes that need not be UTF-8.
    fc
      .uint8Array({ minLength: 1, maxLength: 60 })
      .map((bytes) => concat(`{"agentId":"${known.agentId}","message":"`, bytes, '"}')),
  );
}

type RouteName = "chat" | "chatBySlug" | "resumeBySlug" | "messages" | "stream" | "cancel";
type Target = RouteName | "approvals" | "openapi" | "unknown";

/** The body a route takes, mostly near valid; anything now and then; none for GETs mostly. */
function bodyFor(target: Target): fc.Arbitrary<string | Uint8Array<ArrayBuffer> | undefined> {
  const json = <T>(value: fc.Arbitrary<T>) => value.map((v) => JSON.stringify(v));
  switch (target) {
    case "chat":
    case "chatBySlug": {
      const withAgentId = target === "chat";
      return mostly(
        fc.oneof(json(chatBody(withAgentId)), json(chatBodyOfUseChat(withAgentId))),
        fc.oneof(garbageBody(), fc.constant(undefined)),
        3,
      );
    }
    case "approvals":
      return mostly(json(approvalBody()), fc.oneof(garbageBody(), fc.constant(undefined)), 2);
    default:
      return mostly(fc.constant(undefined), garbageBody(), 3);
  }
}

/** A path segment: an id that exists, garbage, percent-encoded bytes, a very long one. */
function segment(real: string) {
  return mostly(
    fc.constant(real),
    fc.oneof(
      fc.constantFrom(known.slug, known.threadId, known.chatId, known.messageId),
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,20}$/),
      fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s) || "x"),
      fc
        .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 })
        .map((bytes) => bytes.map(hex).join("")),
      fc.integer({ min: 300, max: 20_000 }).map((n) => "x".repeat(n)),
      fc.constantFrom("..", ".", "%2F", "%2e%2e", "%", "%zz", "%E0%A4%A", "%00", "%C0%80"),
    ),
    3,
  );
}

function query() {
  return mostly(
    fc.constant(""),
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom("limit", "cursor", "x", "limit[]", ""),
          fc.oneof(
            fc.constantFrom("1", "0", "-5", "100", "101", "1e3", "abc", known.messageId),
            fc.string({ maxLength: 30 }).map(encodeURIComponent),
            fc
              .array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 })
              .map((bytes) => bytes.map(hex).join("")),
          ),
        )
        .map(([name, value]) => `?${name}=${value}`),
      fc.constantFrom("?", "?&&", "?limit=1&limit=2", "?cursor="),
    ),
    2,
  );
}

function pathFor(target: Target): fc.Arbitrary<string> {
  const slug = segment(known.slug);
  const thread = segment(known.threadId);
  switch (target) {
    case "chat":
      return fc.constant("/v1/chat");
    case "chatBySlug":
      return slug.map((s) => `/v1/agents/${s}/chat`);
    case "resumeBySlug":
      return fc
        .tuple(slug, segment(known.chatId))
        .map(([s, id]) => `/v1/agents/${s}/chat/${id}/stream`);
    case "openapi":
      return fc.constant("/v1/openapi.json");
    case "unknown":
      return fc.oneof(
        fc.array(segment("x"), { maxLength: 6 }).map((segments) => `/v1/${segments.join("/")}`),
        fc.array(segment("v1"), { maxLength: 3 }).map((segments) => `/${segments.join("/")}`),
        fc.tuple(thread, segment("chat")).map(([id, action]) => `/v1/threads/${id}/${action}/more`),
      );
    default:
      return thread.map((id) => `/v1/threads/${id}/${target}`);
  }
}

const METHOD: Record<Exclude<Target, "unknown">, string> = {
  openapi: "GET",
  chat: "POST",
  chatBySlug: "POST",
  resumeBySlug: "GET",
  messages: "GET",
  stream: "GET",
  cancel: "POST",
  approvals: "POST",
};

function authorization(valid: boolean) {
  const bad = fc.oneof(
    fc.constantFrom(
      `Bearer ${revoked}`,
      `Bearer ${expired}`,
      `Basic ${btoa("user:password")}`,
      `Token ${key}`,
      `Bearer ${key}x`,
      `Bearer ${key.toUpperCase()}`,
      `Bearer ${key.slice(0, -1)}`,
      `Bearer ${key} ${key}`,
      "Bearer",
      "Bearer ",
      "",
    ),
    fc.stringMatching(/^af_(live|test)_[0-9a-z]{8}_[0-9a-z]{32}$/).map((k) => `Bearer ${k}`),
    headerValue(80).map((v) => `Bearer ${v}`),
    headerValue(80),
  );
  const badApiKey = fc.oneof(fc.constantFrom(revoked, expired, `${key}x`, ""), headerValue(60));
  const none = fc.constant<[string, string][]>([]);
  const invalid = fc.oneof(
    none,
    bad.map((v): [string, string][] => [["authorization", v]]),
    badApiKey.map((v): [string, string][] => [["x-api-key", v]]),
    // A bad authorization header wins over a good x-api-key.
    fc.constantFrom(`Basic ${key}`, `Bearer ${revoked}`).map((v): [string, string][] => [
      ["authorization", v],
      ["x-api-key", key],
    ]),
  );
  if (!valid) return invalid;
  const good = fc.oneof(
    fc
      .constantFrom(`Bearer ${key}`, `bearer ${key}`, `BEARER   ${key}  `, `Bearer\t${key}`)
      .map((v): [string, string][] => [["authorization", v]]),
    fc.constantFrom(key, `  ${key} `).map((v): [string, string][] => [["x-api-key", v]]),
  );
  return fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: invalid, weight: 1 });
}

function otherHeaders() {
  const optional = (name: string, value: fc.Arbitrary<string>) =>
    rarely(value.map((v): [string, string] => [name, v]));
  return fc
    .tuple(
      optional(
        "content-type",
        fc.oneof(
          fc.constantFrom(
            "application/json",
            "application/json; charset=latin1",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "",
          ),
          headerValue(40),
        ),
      ),
      optional(
        "content-length",
        fc.oneof(
          fc.nat({ max: 200_000 }).map(String),
          fc.constantFrom("-1", "abc", "1e9", "99999999999999999999", " 5 ", "0x10", ""),
        ),
      ),
      optional(
        "idempotency-key",
        fc.oneof(
          headerValue(20),
          fc.integer({ min: 200, max: 2_000 }).map((n) => "k".repeat(n)),
          fc.constantFrom("fixed-key", "   "),
        ),
      ),
      optional(
        "accept",
        fc.oneof(
          fc.constantFrom("text/event-stream", "application/json", "*/*", "text/event-stream;q=0"),
          headerValue(30),
        ),
      ),
      optional("x-request-id", headerValue(200)),
    )
    .map((headers) => headers.filter((h): h is [string, string] => h !== undefined));
}

function request(valid: boolean): fc.Arbitrary<FuzzRequest> {
  const target = fc.constantFrom<Target>(
    "chat",
    "chatBySlug",
    "chatBySlug",
    "resumeBySlug",
    "messages",
    "stream",
    "cancel",
    "approvals",
    "openapi",
    "unknown",
  );
  return target.chain((name) =>
    fc
      .record({
        method: mostly(
          fc.constant(name === "unknown" ? "POST" : METHOD[name]),
          fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"),
          8,
        ),
        path: fc.tuple(pathFor(name), query()).map(([p, q]) => p + q),
        auth: authorization(valid),
        headers: otherHeaders(),
        body: bodyFor(name),
      })
      .map(({ method, path, auth, headers, body }) => ({
        method,
        path,
        headers: [...auth, ...headers],
        // GET and HEAD requests cannot carry a body.
        body: method === "GET" || method === "HEAD" ? undefined : body,
      })),
  );
}

function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined
      ? "(none)"
      : typeof r.body === "string"
        ? JSON.stringify(r.body.slice(0, 300))
        : `bytes ${Buffer.from(r.body.slice(0, 100)).toString("hex")}`;
  return `${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(
    r.headers.map(([n, v]) => [n, v.slice(0, 100)]),
  )} body ${body}`;
}

async function send(r: FuzzRequest) {
  const response = await fetchV1(`${ORIGIN}${r.path}`, {
    method: r.method,
    headers: r.headers,
    body: r.body,
  });
  // Read to the end: a stream ends with its turn, so the next request finds the thread free.
  const answer = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", answer };
}

/** What requests may write in the organization, and what counts the key's use. */
async function snapshot() {
  const db = testDb();
  const where = { organizationId: t.org.id };
  const keys = await db.apiKey.findMany({
    where,
    select: { id: true, lastUsedAt: true },
    orderBy: { id: "asc" },
  });
  const buckets = await db.rateLimitBucket.findMany({
    where: { key: { in: [`org:${t.org.id}`, ...keys.map((k) => `apiKey:${k.id}`)] } },
    orderBy: { key: "asc" },
  });
  return {
    executions: await db.execution.count({ where }),
    messages: await db.message.count({ where }),
    threads: await db.thread.count({ where }),
    events: await db.event.count({ where }),
    keys,
    buckets,
  };
}

describe("fuzzing the /v1 routes", () => {
  it(`never answers 5xx (${RUNS} random requests, mostly with a valid key)`, async () => {
    await fc.assert(
      fc.asyncProperty(request(true), async (r) => {
        const { status, type, answer } = await send(r);
        expect(status, describeRequest(r)).toBeLessThan(500);
        if (status >= 400 && type.includes("application/json")) {
          const parsed = JSON.parse(answer) as { error?: { code?: unknown; message?: unknown } };
          expect(parsed.error, describeRequest(r)).toEqual({
            code: expect.any(String),
            message: expect.any(String),
          });
        }
      }),
      fuzzParameters(),
    );
  });

  it(`writes nothing without a valid key (${RUNS} random requests)`, async () => {
    await fc.assert(
      fc.asyncProperty(request(false), async (r) => {
        const before = await snapshot();
        const { status } = await send(r);
        expect(status, describeRequest(r)).toBeLessThan(500);
        // Unknown paths end before any handler (404, 405, 400); every route but the OpenAPI
        // document asks for the key.
        const keyless = /^\/v1\/openapi\.json(\?|$)/.test(r.path) && r.method === "GET";
        expect(keyless ? [200] : [400, 401, 404, 405], describeRequest(r)).toContain(status);
        expect(await snapshot(), describeRequest(r)).toEqual(before);
      }),
      fuzzParameters(),
    );
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe("what the fuzzing found", () => {
  // Each of these was a 500 (the query failed, or a validator or JSON.stringify overflowed the
  // stack); some had written a thread first.
  const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  const cases: [string, string, string, unknown, Record<string, string>?][] = [
    ["NUL in the message", "POST", "/agents/{slug}/chat", { message: "a\u0000b" }],
    ["NUL in a thread id", "POST", "/agents/{slug}/chat", { message: "hi", threadId: "a\u0000" }],
    [
      "NUL in an external id",
      "POST",
      "/chat",
      { agentId: "{agentId}", message: "hi", externalThreadId: "\u0000" },
    ],
    ["NUL in an agent id", "POST", "/chat", { agentId: "x\u0000", message: "hi" }],
    [
      "NUL in a metadata key",
      "POST",
      "/agents/{slug}/chat",
      { message: "hi", metadata: { "k\u0000": 1 } },
    ],
    [
      "a lone surrogate in metadata",
      "POST",
      "/agents/{slug}/chat",
      { message: "hi", metadata: { a: "\ud800" } },
    ],
    ["a lone surrogate in the message", "POST", "/agents/{slug}/chat", { message: "\udc00 hi" }],
    [
      "NUL in useChat's chat id",
      "POST",
      "/agents/{slug}/chat",
      { id: "c\u0000", messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }] },
    ],
    [
      "deep metadata",
      "POST",
      "/agents/{slug}/chat",
      `{"message":"hi","metadata":{"a":${deep(20_000)}}}`,
    ],
    [
      "a deep body with an Idempotency-Key",
      "POST",
      "/agents/{slug}/chat",
      `{"message":"hi","x":${deep(30_000)}}`,
      { "idempotency-key": "deep" },
    ],
    [
      "NUL in a tool call id",
      "POST",
      "/threads/{threadId}/approvals",
      { toolCallId: "\u0000", approved: true },
    ],
    ["NUL in a cursor", "GET", "/threads/{threadId}/messages?cursor=%00", undefined],
  ];
  const pathCases: [string, string, string][] = [
    ["NUL in a slug", "POST", "/agents/a%00b/chat"],
    ["NUL in a thread id (path)", "GET", "/threads/a%00b/messages"],
    ["NUL in a thread id (stream)", "GET", "/threads/%00/stream"],
    ["NUL in a thread id (cancel)", "POST", "/threads/%00/cancel"],
    ["NUL in a chat id", "GET", "/agents/{slug}/chat/a%00b/stream"],
  ];
  const fill = (text: string) =>
    text
      .replaceAll("{slug}", known.slug)
      .replaceAll("{agentId}", known.agentId)
      .replaceAll("{threadId}", known.threadId);

  it("text PostgreSQL cannot take and bodies nested too deep: 400, and nothing written", async () => {
    const before = await snapshot();
    for (const [name, method, path, body, headers] of cases) {
      const filled =
        typeof body === "string" || body === undefined
          ? body
          : (JSON.parse(fill(JSON.stringify(body))) as unknown);
      const answer = await v1Json(h.deps, key, fill(path), { method, body: filled, headers });
      expect([name, answer.status, errorOf(answer.body).code]).toEqual([name, 400, "BAD_REQUEST"]);
    }
    for (const [name, method, path] of pathCases) {
      const answer = await v1Json(h.deps, key, fill(path), {
        method,
        ...(method === "POST" && { body: { message: "hi" } }),
      });
      expect([name, answer.status, errorOf(answer.body).code]).toEqual([name, 404, "NOT_FOUND"]);
    }
    const after = await snapshot();
    expect({ ...after, keys: [], buckets: [] }).toEqual({ ...before, keys: [], buckets: [] });
    expect(h.fake.requests).toHaveLength(0);
  });

  it("a body nested 64 deep is taken; 65 is refused", async () => {
    // The body object is the first level, metadata the second, then the arrays.
    const at = (depth: number) => `{"message":"hi","metadata":{"a":${deep(depth - 2)}}}`;
    const ok = await v1Json(h.deps, key, `/agents/${known.slug}/chat`, { body: at(64) });
    expect(ok.status).toBe(200);
    const refused = await v1Json(h.deps, key, `/agents/${known.slug}/chat`, { body: at(65) });
    expect([refused.status, errorOf(refused.body).message]).toEqual([
      400,
      `The body is nested deeper than ${MAX_BODY_DEPTH} levels`,
    ]);
  });
});
