import { describe, expect, it } from "vitest";
import { as, caught, eventsOf, fieldOf, walkPages } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// Threads and their messages (docs/agents.md): keyed by (organization, agent, externalId); members
// read and open threads, owners and admins change them (a thread's own user its metadata);
// message pages are real keyset pages on seq.

async function newAgent(t: Tenant) {
  return as(t, "owner").agents.create({ name: uid("Agent") });
}

const threadRows = (orgId: string) =>
  testDb().thread.findMany({ where: { organizationId: orgId }, orderBy: { id: "asc" } });

async function runningTurn(t: Tenant, agentId: string, threadId: string, deadlineAt?: Date) {
  return testDb().execution.create({
    data: {
      organizationId: t.org.id,
      agentId,
      threadId,
      environment: "development",
      status: "running",
      deadlineAt: deadlineAt ?? new Date(Date.now() + 600_000),
    },
  });
}

describe("threads: create", () => {
  it("any member opens a thread for a live agent; it is theirs; event thread.created", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const thread = await as(t, "member").threads.create({
      agentId: agent.id,
      externalId: "chat-1",
      metadata: { customer: "ada", tags: ["vip"] },
    });
    expect(thread).toMatchObject({
      agentId: agent.id,
      agent: { id: agent.id, name: agent.name, slug: agent.slug },
      userId: t.member.id,
      externalId: "chat-1",
      metadata: { customer: "ada", tags: ["vip"] },
      messageCount: 0,
      lastMessageAt: null,
      running: false,
    });
    expect(await eventsOf(t.org.id, { eventType: "thread.created" })).toMatchObject([
      {
        actorId: t.member.id,
        payload: { threadId: thread.id, agentId: agent.id, externalId: "chat-1" },
      },
    ]);
    await as(t, "owner").agents.remove({ id: agent.id });
    expect((await caught(as(t, "member").threads.create({ agentId: agent.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("an externalId is unique per agent (409 naming externalId), not across agents", async () => {
    const t = await createTenant();
    const [one, two] = [await newAgent(t), await newAgent(t)];
    const member = as(t, "member");
    const first = await member.threads.create({ agentId: one.id, externalId: "same" });
    const before = await threadRows(t.org.id);
    const error = await caught(
      as(t, "owner").threads.create({ agentId: one.id, externalId: "same" }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["CONFLICT", "externalId"]);
    expect(await threadRows(t.org.id)).toEqual(before);
    const other = await member.threads.create({ agentId: two.id, externalId: "same" });
    expect(other.id).not.toBe(first.id);
    expect((await member.threads.getByExternalId({ agentId: one.id, externalId: "same" })).id).toBe(
      first.id,
    );
    expect((await member.threads.getByExternalId({ agentId: two.id, externalId: "same" })).id).toBe(
      other.id,
    );
    expect(
      (await caught(member.threads.getByExternalId({ agentId: one.id, externalId: "none" }))).code,
    ).toBe("NOT_FOUND");
  });

  it("metadata over 16 KiB is a 400 naming metadata and creates nothing", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const before = await threadRows(t.org.id);
    const error = await caught(
      as(t, "member").threads.create({ agentId: agent.id, metadata: { text: "x".repeat(17_000) } }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "metadata"]);
    expect(await threadRows(t.org.id)).toEqual(before);
    // Just under the bound is fine.
    await as(t, "member").threads.create({
      agentId: agent.id,
      metadata: { text: "x".repeat(16_000) },
    });
  });
});

describe("threads: reading", () => {
  it("lists newest updated first with counts, last message and running turn, filtered in SQL", async () => {
    const t = await createTenant();
    const [one, two] = [await newAgent(t), await newAgent(t)];
    const owner = as(t, "owner");
    const a = await owner.threads.create({ agentId: one.id, externalId: "a" });
    const b = await as(t, "member").threads.create({ agentId: one.id });
    const c = await owner.threads.create({ agentId: two.id });
    await owner.threads.addMessage({ threadId: a.id, role: "user", content: "Hello" });
    const last = await owner.threads.addMessage({
      threadId: a.id,
      role: "assistant",
      content: "Hi",
    });
    await runningTurn(t, two.id, c.id);

    const member = as(t, "member");
    const all = await member.threads.list({});
    // `a` got messages last, so it was updated last.
    expect(all.items.map((thread) => thread.id)).toEqual([a.id, c.id, b.id]);
    expect(all.items[0]).toMatchObject({
      messageCount: 2,
      lastMessageAt: last.createdAt,
      running: false,
    });
    expect(all.items[1]).toMatchObject({ messageCount: 0, lastMessageAt: null, running: true });

    expect((await member.threads.list({ agentId: one.id })).items.map((x) => x.id)).toEqual([
      a.id,
      b.id,
    ]);
    expect((await member.threads.list({ externalId: "a" })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await member.threads.list({ userId: t.member.id })).items.map((x) => x.id)).toEqual([
      b.id,
    ]);
    const filtered = await walkPages(
      (cursor) => member.threads.list({ agentId: one.id, cursor, limit: 1 }),
      1,
    );
    expect(filtered).toEqual([a.id, b.id]);
    // A thread of another agent is no cursor of this agent's list.
    const error = await caught(member.threads.list({ agentId: one.id, cursor: c.id }));
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
    // A user who is not a member is not found.
    const stranger = (await createTenant()).member;
    expect((await caught(member.threads.list({ userId: stranger.id }))).code).toBe("NOT_FOUND");
  });

  it("getMessages walks every message exactly once, oldest first, after a real cursor", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const owner = as(t, "owner");
    const thread = await owner.threads.create({ agentId: agent.id });
    const other = await owner.threads.create({ agentId: agent.id });
    const written: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const role = i % 2 === 0 ? "user" : "assistant";
      written.push(
        (await owner.threads.addMessage({ threadId: thread.id, role, content: `m${i}` })).id,
      );
    }
    const foreign = await owner.threads.addMessage({
      threadId: other.id,
      role: "user",
      content: "x",
    });

    const member = as(t, "member");
    const ids = await walkPages(
      (cursor) => member.threads.getMessages({ threadId: thread.id, cursor, limit: 3 }),
      3,
    );
    expect(ids).toEqual(written);
    const page = await member.threads.getMessages({ threadId: thread.id, cursor: written[4] });
    expect(page.items.map((message) => message.content)).toEqual(["m5", "m6"]);
    expect(page.items[0]).toEqual({
      id: written[5],
      role: "assistant",
      content: "m5",
      toolCalls: null,
      toolCallId: null,
      isError: false,
      executionId: null,
      createdAt: expect.any(Date),
    });
    const error = await caught(
      member.threads.getMessages({ threadId: thread.id, cursor: foreign.id }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);

    const latest = await member.threads.getWithMessages({ id: thread.id, messageLimit: 3 });
    expect(latest.messages.map((message) => message.content)).toEqual(["m4", "m5", "m6"]);
    expect(latest.messageCount).toBe(7);
    const full = await member.threads.getWithMessages({ id: thread.id });
    expect(full.messages.map((message) => message.id)).toEqual(written);
  });
});

describe("threads: changes", () => {
  it("update replaces metadata (null clears it): the thread's own user or owners/admins, else FORBIDDEN", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const own = await as(t, "member").threads.create({ agentId: agent.id, metadata: { a: 1 } });
    const theirs = await as(t, "owner").threads.create({ agentId: agent.id, metadata: { b: 1 } });
    const member = as(t, "member");
    expect((await member.threads.update({ id: own.id, metadata: { c: 2 } })).metadata).toEqual({
      c: 2,
    });
    const before = await threadRows(t.org.id);
    expect((await caught(member.threads.update({ id: theirs.id, metadata: null }))).code).toBe(
      "FORBIDDEN",
    );
    const big = await caught(
      member.threads.update({ id: own.id, metadata: { x: "y".repeat(20_000) } }),
    );
    expect([big.code, fieldOf(big)]).toEqual(["BAD_REQUEST", "metadata"]);
    expect(await threadRows(t.org.id)).toEqual(before);
    expect(
      (await as(t, "admin").threads.update({ id: theirs.id, metadata: null })).metadata,
    ).toBeNull();
    expect(await eventsOf(t.org.id, { eventType: "thread.updated" })).toMatchObject([
      { actorId: t.member.id, payload: { threadId: own.id, metadata: { c: 2 } } },
      { actorId: t.admin.id, payload: { threadId: theirs.id, metadata: null } },
    ]);
  });

  it("addMessage (owners/admins) adds a message, bumps the thread and writes thread.messageAdded", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const thread = await as(t, "member").threads.create({ agentId: agent.id });
    const member = as(t, "member");
    expect(
      (await caught(member.threads.addMessage({ threadId: thread.id, role: "user", content: "x" })))
        .code,
    ).toBe("FORBIDDEN");
    const blank = await caught(
      as(t, "owner").threads.addMessage({ threadId: thread.id, role: "user", content: "   " }),
    );
    expect([blank.code, fieldOf(blank)]).toEqual(["BAD_REQUEST", "content"]);
    expect(
      (
        await caught(
          as(t, "owner").threads.addMessage({
            threadId: thread.id,
            role: "user",
            content: "x".repeat(100_001),
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(await testDb().message.count({ where: { threadId: thread.id } })).toBe(0);

    const message = await as(t, "admin").threads.addMessage({
      threadId: thread.id,
      role: "assistant",
      content: "Noted",
    });
    const after = await member.threads.get({ id: thread.id });
    expect(after.updatedAt.getTime()).toBeGreaterThan(thread.updatedAt.getTime());
    expect(after).toMatchObject({ messageCount: 1, lastMessageAt: message.createdAt });
    expect(await eventsOf(t.org.id, { eventType: "thread.messageAdded" })).toMatchObject([
      {
        actorId: t.admin.id,
        payload: { threadId: thread.id, messageId: message.id, role: "assistant" },
      },
    ]);
  });

  it("remove (owners/admins) is refused while a turn runs; then deletes the messages and keeps the turns", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const owner = as(t, "owner");
    const thread = await owner.threads.create({ agentId: agent.id });
    await owner.threads.addMessage({ threadId: thread.id, role: "user", content: "Hi" });
    const turn = await runningTurn(t, agent.id, thread.id);
    expect((await caught(as(t, "member").threads.remove({ id: thread.id }))).code).toBe(
      "FORBIDDEN",
    );
    const busy = await caught(owner.threads.remove({ id: thread.id }));
    expect(busy.code).toBe("CONFLICT");
    expect(await testDb().thread.count({ where: { id: thread.id } })).toBe(1);

    await testDb().execution.update({
      where: { id: turn.id },
      data: { status: "success", endedAt: new Date(), inputTokens: 10 },
    });
    expect(await as(t, "admin").threads.remove({ id: thread.id })).toEqual({
      id: thread.id,
      removed: true,
    });
    expect(await testDb().message.count({ where: { threadId: thread.id } })).toBe(0);
    expect(await testDb().execution.findUniqueOrThrow({ where: { id: turn.id } })).toMatchObject({
      threadId: null,
      inputTokens: 10,
    });
    expect(await eventsOf(t.org.id, { eventType: "thread.deleted" })).toMatchObject([
      { actorId: t.admin.id, payload: { threadId: thread.id, messageCount: 1 } },
    ]);
    expect((await caught(owner.threads.get({ id: thread.id }))).code).toBe("NOT_FOUND");
  });

  it("a turn abandoned past its deadline does not block remove: it is ended timeout first", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const owner = as(t, "owner");
    const thread = await owner.threads.create({ agentId: agent.id });
    const turn = await runningTurn(t, agent.id, thread.id, new Date(Date.now() - 1000));
    await owner.threads.remove({ id: thread.id });
    expect(await testDb().execution.findUniqueOrThrow({ where: { id: turn.id } })).toMatchObject({
      status: "timeout",
      threadId: null,
    });
  });
});
