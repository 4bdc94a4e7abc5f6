import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fingerprint } from "@/test/cross-tenant/harness";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { text } from "@/test/fakes/anthropic";
import {
  chatJson,
  createChatAgent,
  dashboardFetch,
  sessionCookie,
  startChatHarness,
  type ChatHarness,
} from "@/test/chat";

// The dashboard's chat routes across tenants (another organization's agent or thread is "not
// found" on every route, and nothing of it changes), and turns started at the same moment on one
// thread (the database lets exactly one run).

let h: ChatHarness;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  h = await startChatHarness();
  [a, b] = [await createTenant(), await createTenant()];
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const call = (method: string, path: string, cookie: string, body?: unknown) =>
  dashboardFetch(h.deps)(`http://app.test${path}`, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("chat routes across organizations", () => {
  it("answer 404 for another organization's agent and thread, on every route, and change nothing", async () => {
    const agentOfB = await createChatAgent(b.org.id);
    const bOwner = sessionCookie(b.owner.id, b.org.id);
    const externalId = uid("ext");
    h.fake.script(text("B's own reply"));
    expect(
      (await chatJson(h.deps, agentOfB.id, bOwner, { message: "hi", externalThreadId: externalId }))
        .status,
    ).toBe(200);
    const threadOfB = await testDb().thread.findFirstOrThrow({ where: { agentId: agentOfB.id } });
    // A running turn of B's, so that rejoin and cancel would have something to act on.
    await testDb().execution.create({
      data: {
        organizationId: b.org.id,
        agentId: agentOfB.id,
        threadId: threadOfB.id,
        environment: "development",
        status: "running",
        deadlineAt: new Date(Date.now() + 60_000),
      },
    });
    const agentOfA = await createChatAgent(a.org.id);
    const aOwner = sessionCookie(a.owner.id, a.org.id);
    const before = await fingerprint(b);

    const attempts = [
      call("POST", `/api/agents/${agentOfB.id}/chat`, aOwner, { message: "hi" }),
      call("POST", `/api/agents/${agentOfB.id}/chat`, aOwner, {
        message: "hi",
        externalThreadId: externalId,
      }),
      call("POST", `/api/agents/${agentOfA.id}/chat`, aOwner, {
        message: "hi",
        threadId: threadOfB.id,
      }),
      call("GET", `/api/agents/${agentOfB.id}/chat/${externalId}/stream`, aOwner),
      call("GET", `/api/agents/${agentOfB.id}/chat/${threadOfB.id}/stream`, aOwner),
      call("GET", `/api/agents/${agentOfA.id}/chat/${threadOfB.id}/stream`, aOwner),
      call("POST", `/api/agents/${agentOfB.id}/chat/${threadOfB.id}/cancel`, aOwner),
      call("POST", `/api/agents/${agentOfA.id}/chat/${threadOfB.id}/cancel`, aOwner),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
    // B's own session is no key to A's organization either: it names B's active organization.
    expect(h.fake.requests).toHaveLength(1);
    expect(await fingerprint(b)).toBe(before);
  });
});

describe("turns started at the same moment", () => {
  it("run once on one thread: the others are refused with 409", async () => {
    const agent = await createChatAgent(a.org.id);
    const cookie = sessionCookie(a.owner.id, a.org.id);
    h.fake.setResponder(() => text("one at a time", { deltaDelayMs: 20 }));
    const externalThreadId = uid("ext");
    // The thread exists first, so the race is on the turn, not on creating the thread.
    h.fake.script(text("first"));
    await chatJson(h.deps, agent.id, cookie, { message: "hello", externalThreadId });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        chatJson(h.deps, agent.id, cookie, { message: "again", externalThreadId }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const thread = await testDb().thread.findFirstOrThrow({
      where: { agentId: agent.id, externalId: externalThreadId },
    });
    expect(await testDb().execution.count({ where: { threadId: thread.id } })).toBe(2);
    expect(await testDb().message.count({ where: { threadId: thread.id, role: "user" } })).toBe(2);
  });
});
