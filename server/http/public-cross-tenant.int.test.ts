import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { text } from "@/test/fakes/anthropic";
import { createChatAgent, startChatHarness, type ChatHarness } from "@/test/chat";
import { fingerprint } from "@/test/cross-tenant/harness";
import { apiKeyFor, errorOf, V1_METHODS, v1Json, type V1Route } from "@/test/public-api";

// Every /v1 route called with a key of organization A on organization B's agent, threads and
// chat ids: 404, the very answer a made-up id gets (never a 403 or anything else that tells B's
// records exist), and B unchanged, whichever key of A (development, production, or one whose
// permissions name B's agent's slug). B has a turn running, so a cancel or a rejoin that
// reached it would show. (The OpenAPI document, keyless, holds nothing of any organization.)

let h: ChatHarness;
let a: Tenant;
let b: Tenant;
let keysOfA: Record<string, string>;

/** What an attack names: B's records, or made-up ones of the same shapes. */
type Ids = {
  agentId: string;
  slug: string;
  threadId: string;
  chatId: string;
  runningThreadId: string;
  runningChatId: string;
  messageId: string;
  /** B's request made with an Idempotency-Key: its path, body and key. */
  idempotent: { path: string; body: Record<string, unknown>; key: string };
};
let ofB: Ids;
let madeUp: Ids;
let agentOfA: { id: string; slug: string };

beforeAll(async () => {
  h = await startChatHarness({ turnTimeoutMs: 5_000 });
  [a, b] = await Promise.all([createTenant(), createTenant()]);
  const agentOfB = await createChatAgent(b.org.id, {}, { production: true });
  agentOfA = await createChatAgent(a.org.id, {}, { production: true });
  keysOfA = {
    development: (await apiKeyFor(a)).key,
    production: (await apiKeyFor(a, { environment: "production" })).key,
    // Allowed A's agent (so attacks through it get past the permission) and B's agent's slug.
    "naming B's agent": (
      await apiKeyFor(a, { permissions: [`agent:${agentOfA.slug}`, `agent:${agentOfB.slug}`] })
    ).key,
  };

  // B chats through the API, once with an Idempotency-Key.
  const { key: keyOfB } = await apiKeyFor(b);
  h.fake.script(text("B's secret answer"));
  const chatId = uid("chat");
  const idempotent = {
    path: `/agents/${agentOfB.slug}/chat`,
    body: { message: "B's question", externalThreadId: chatId },
    key: uid("idem"),
  };
  const answer = await v1Json(h.deps, keyOfB, idempotent.path, {
    body: idempotent.body,
    headers: { "idempotency-key": idempotent.key },
  });
  expect(answer.status).toBe(200);
  const threadId = answer.body!.threadId as string;
  const message = await testDb().message.findFirstOrThrow({ where: { threadId } });
  // And has a turn running (as another instance would run it: only its row).
  const runningChatId = uid("chat");
  const running = await testDb().thread.create({
    data: { organizationId: b.org.id, agentId: agentOfB.id, externalId: runningChatId },
  });
  await testDb().execution.create({
    data: {
      organizationId: b.org.id,
      agentId: agentOfB.id,
      threadId: running.id,
      environment: "development",
      status: "running",
      deadlineAt: new Date(Date.now() + 10 * 60_000),
    },
  });
  ofB = {
    agentId: agentOfB.id,
    slug: agentOfB.slug,
    threadId,
    chatId,
    runningThreadId: running.id,
    runningChatId,
    messageId: message.id,
    idempotent,
  };
  madeUp = {
    agentId: `cm${uid("x").slice(2)}`,
    slug: uid("agent"),
    threadId: `cm${uid("t").slice(2)}`,
    chatId: uid("chat"),
    runningThreadId: `cm${uid("r").slice(2)}`,
    runningChatId: uid("chat"),
    messageId: `cm${uid("m").slice(2)}`,
    idempotent: {
      path: `/agents/${uid("agent")}/chat`,
      body: { message: "B's question", externalThreadId: uid("chat") },
      key: idempotent.key,
    },
  };
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

type Attack = {
  route: V1Route;
  name: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  headers?: (ids: Ids) => Record<string, string>;
};

const bodyOfUseChat = (id: string) => ({
  id,
  messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] }],
  trigger: "submit-message",
});

const attacks: Attack[] = [
  {
    route: "chat",
    name: "B's agent",
    path: () => "/chat",
    body: (ids) => ({ agentId: ids.agentId, message: "hi" }),
  },
  {
    route: "chat",
    name: "B's agent and thread",
    path: () => "/chat",
    body: (ids) => ({ agentId: ids.agentId, message: "hi", threadId: ids.threadId }),
  },
  {
    route: "chat",
    name: "A's agent, B's thread",
    path: () => "/chat",
    body: (ids) => ({ agentId: agentOfA.id, message: "hi", threadId: ids.threadId }),
  },
  {
    route: "chat",
    name: "B's agent and chat id, as useChat sends them",
    path: () => "/chat",
    body: (ids) => ({ agentId: ids.agentId, ...bodyOfUseChat(ids.chatId) }),
  },
  {
    route: "chatBySlug",
    name: "B's agent",
    path: (ids) => `/agents/${ids.slug}/chat`,
    body: () => ({ message: "hi" }),
  },
  {
    route: "chatBySlug",
    name: "B's agent and chat id",
    path: (ids) => `/agents/${ids.slug}/chat`,
    body: (ids) => ({ message: "hi", externalThreadId: ids.chatId }),
  },
  {
    route: "chatBySlug",
    name: "B's agent and chat id, as useChat sends them",
    path: (ids) => `/agents/${ids.slug}/chat`,
    body: (ids) => bodyOfUseChat(ids.chatId),
  },
  {
    route: "chatBySlug",
    name: "A's agent, B's running thread",
    path: () => `/agents/${agentOfA.slug}/chat`,
    body: (ids) => ({ message: "hi", threadId: ids.runningThreadId }),
  },
  {
    route: "chatBySlug",
    name: "B's request repeated with B's Idempotency-Key (not B's answer)",
    path: (ids) => ids.idempotent.path,
    body: (ids) => ids.idempotent.body,
    headers: (ids) => ({ "idempotency-key": ids.idempotent.key }),
  },
  {
    route: "resumeBySlug",
    name: "B's agent and running chat id",
    path: (ids) => `/agents/${ids.slug}/chat/${ids.runningChatId}/stream`,
  },
  {
    route: "resumeBySlug",
    name: "A's agent, B's running chat id",
    path: (ids) => `/agents/${agentOfA.slug}/chat/${ids.runningChatId}/stream`,
  },
  {
    route: "messages",
    name: "B's thread",
    path: (ids) => `/threads/${ids.threadId}/messages`,
  },
  {
    route: "messages",
    name: "B's thread from B's message on",
    path: (ids) => `/threads/${ids.threadId}/messages?cursor=${ids.messageId}&limit=1`,
  },
  {
    route: "stream",
    name: "B's running thread",
    path: (ids) => `/threads/${ids.runningThreadId}/stream`,
  },
  {
    route: "cancel",
    name: "B's running thread",
    path: (ids) => `/threads/${ids.runningThreadId}/cancel`,
  },
  {
    route: "approvals",
    name: "B's thread",
    path: (ids) => `/threads/${ids.threadId}/approvals`,
    body: () => ({ toolCallId: "call-1", approved: true }),
  },
  {
    route: "approvals",
    name: "B's running thread",
    path: (ids) => `/threads/${ids.runningThreadId}/approvals`,
    body: () => ({ toolCallId: "call-1", approved: false, reason: "no" }),
  },
];

function attack(key: string, one: Attack, ids: Ids) {
  return v1Json(h.deps, key, one.path(ids), {
    method: V1_METHODS[one.route],
    body: one.body?.(ids),
    headers: one.headers?.(ids),
  });
}

describe("a key of organization A on organization B's records", () => {
  it("every /v1 route has attacks", () => {
    const routes = Object.keys(V1_METHODS).sort();
    expect([...new Set(attacks.map((one) => one.route))].sort()).toEqual(routes);
  });

  for (const keyName of ["development", "production", "naming B's agent"]) {
    it(`404 on every route, as for made-up ids, and B unchanged (A's ${keyName} key)`, async () => {
      const key = keysOfA[keyName]!;
      const executionsOfA = await testDb().execution.count({ where: { organizationId: a.org.id } });
      for (const one of attacks) {
        const label = `${one.route}: ${one.name}`;
        const before = await fingerprint(b);
        const onB = await attack(key, one, ofB);
        expect(await fingerprint(b), `${label} changed B`).toBe(before);
        expect([label, onB.status, errorOf(onB.body).code]).toEqual([label, 404, "NOT_FOUND"]);
        const onNothing = await attack(key, one, madeUp);
        expect([label, onB.body]).toEqual([label, onNothing.body]);
        expect(onB.text).not.toContain("B's secret answer");
      }
      // Nothing ran, nothing of A was written either.
      expect(h.fake.requests).toHaveLength(0);
      expect(await testDb().execution.count({ where: { organizationId: a.org.id } })).toBe(
        executionsOfA,
      );
    });
  }

  it("B's message as the cursor of A's own thread is an unknown cursor, like any other", async () => {
    h.fake.script(text("A's answer"));
    const key = keysOfA.development!;
    const mine = await v1Json(h.deps, key, `/agents/${agentOfA.slug}/chat`, {
      body: { message: "hi" },
    });
    const threadOfA = mine.body!.threadId as string;
    const before = await fingerprint(b);
    const page = (cursor: string) =>
      v1Json(h.deps, key, `/threads/${threadOfA}/messages?cursor=${cursor}`, { method: "GET" });
    const withB = await page(ofB.messageId);
    const withNothing = await page(madeUp.messageId);
    expect(withB.status).toBe(400);
    expect([withB.status, withB.body]).toEqual([withNothing.status, withNothing.body]);
    expect(await fingerprint(b)).toBe(before);
  });

  it("an agent of A with the slug of B's agent is A's: B's chat ids stay B's", async () => {
    const key = keysOfA.development!;
    const twin = await createChatAgent(a.org.id);
    await testDb().agent.update({ where: { id: twin.id }, data: { slug: `${ofB.slug}` } });
    const before = await fingerprint(b);
    const resumed = await v1Json(
      h.deps,
      key,
      `/agents/${ofB.slug}/chat/${ofB.runningChatId}/stream`,
      {
        method: "GET",
      },
    );
    expect([resumed.status, errorOf(resumed.body).code]).toEqual([404, "NOT_FOUND"]);
    // Chatting on B's chat id opens A's own thread of that id; B's thread is untouched.
    h.fake.script(text("A's twin answers"));
    const chatted = await v1Json(h.deps, key, `/agents/${ofB.slug}/chat`, {
      body: { message: "hi", externalThreadId: ofB.chatId },
    });
    expect([chatted.status, chatted.body!.message]).toEqual([200, "A's twin answers"]);
    expect(chatted.body!.threadId).not.toBe(ofB.threadId);
    const thread = await testDb().thread.findUniqueOrThrow({
      where: { id: chatted.body!.threadId as string },
    });
    expect([thread.organizationId, thread.agentId]).toEqual([a.org.id, twin.id]);
    const transcript = await v1Json(h.deps, key, `/threads/${thread.id}/messages`, {
      method: "GET",
    });
    expect(transcript.text).not.toContain("B's");
    expect(await fingerprint(b)).toBe(before);
  });
});
