import { describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { ABANDONED_TURN_MESSAGE } from "@/server/services/turns";
import { as, caught, fieldOf, walkPages } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// The turns of agents (executions), written here directly with Prisma as the runtime would:
// filters apply in SQL before the page, statistics are SQL aggregates, and a turn whose process
// died (running past its deadline) is ended `timeout` by whoever next looks.

async function newAgent(t: Tenant) {
  return as(t, "owner").agents.create({ name: uid("Agent") });
}

function turn(
  t: Tenant,
  agentId: string,
  data: Partial<Prisma.ExecutionUncheckedCreateInput> = {},
) {
  return testDb().execution.create({
    data: {
      organizationId: t.org.id,
      agentId,
      environment: "development",
      status: "success",
      ...data,
    },
  });
}

const day = (iso: string) => new Date(`${iso}Z`);

describe("executions", () => {
  it("getStats: counts, sums, averages and UTC days over the seeded turns, in the period and of the agent", async () => {
    const t = await createTenant();
    const [agent, other] = [await newAgent(t), await newAgent(t)];
    const usage = (input: number, output: number, durationMs: number) => ({
      inputTokens: input,
      outputTokens: output,
      durationMs,
    });
    await turn(t, agent.id, {
      ...usage(100, 10, 1000),
      cacheReadTokens: 40,
      createdAt: day("2026-03-01T23:59:59"),
    });
    await turn(t, agent.id, {
      ...usage(200, 20, 2000),
      cacheWriteTokens: 5,
      createdAt: day("2026-03-02T00:00:00"),
    });
    await turn(t, agent.id, {
      ...usage(300, 0, 3000),
      status: "error",
      errorMessage: "boom",
      createdAt: day("2026-03-02T10:00:00"),
    });
    await turn(t, agent.id, {
      ...usage(0, 0, 6000),
      status: "timeout",
      createdAt: day("2026-03-03T08:00:00"),
    });
    await turn(t, agent.id, { status: "cancelled", createdAt: day("2026-03-03T09:00:00") });
    await turn(t, agent.id, { status: "timeout", createdAt: day("2026-03-03T09:30:00") });
    await turn(t, agent.id, {
      status: "running",
      deadlineAt: new Date(Date.now() + 600_000),
      createdAt: day("2026-03-03T10:00:00"),
    });
    // Another agent's turn, and one outside the period.
    await turn(t, other.id, { ...usage(5000, 500, 9), createdAt: day("2026-03-02T12:00:00") });
    await turn(t, agent.id, { ...usage(7000, 700, 9), createdAt: day("2026-02-01T12:00:00") });

    const member = as(t, "member");
    const stats = await member.executions.getStats({
      agentId: agent.id,
      since: day("2026-03-01T00:00:00"),
      until: day("2026-03-04T00:00:00"),
    });
    expect(stats).toEqual({
      total: 7,
      successful: 2,
      failed: 1,
      timeouts: 2,
      cancelled: 1,
      running: 1,
      successRate: (2 / 7) * 100,
      totalInputTokens: 600,
      totalOutputTokens: 30,
      totalCacheReadTokens: 40,
      totalCacheWriteTokens: 5,
      totalTokens: 630,
      averageDurationMs: 12000 / 7,
      averageInputTokens: 600 / 7,
      averageOutputTokens: 30 / 7,
      byDay: [
        { day: "2026-03-01", turns: 1, errors: 0, inputTokens: 100, outputTokens: 10 },
        { day: "2026-03-02", turns: 2, errors: 1, inputTokens: 500, outputTokens: 20 },
        { day: "2026-03-03", turns: 4, errors: 0, inputTokens: 0, outputTokens: 0 },
      ],
    });
    // The whole organization, all time.
    const all = await member.executions.getStats({});
    expect([all.total, all.totalInputTokens, all.byDay.length]).toEqual([9, 12600, 4]);
    // Nothing in the period: zeros, not NaN.
    expect(await member.executions.getStats({ since: day("2030-01-01T00:00:00") })).toMatchObject({
      total: 0,
      successRate: 0,
      averageDurationMs: 0,
      averageInputTokens: 0,
      byDay: [],
    });
  });

  it("list filters in SQL before the page, newest first, in exact pages", async () => {
    const t = await createTenant();
    const [agent, other] = [await newAgent(t), await newAgent(t)];
    const thread = await as(t, "owner").threads.create({ agentId: agent.id });
    const errors: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const row = await turn(t, i % 3 === 0 ? other.id : agent.id, {
        status: i % 2 === 0 ? "error" : "success",
        environment: i < 5 ? "development" : "production",
        threadId: i === 9 ? thread.id : null,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      });
      if (i % 2 === 0 && i % 3 !== 0) errors.push(row.id);
    }
    const member = as(t, "member");
    // Errors of `agent`: i = 2, 4, 8, newest first. Pages of 1 would be short or empty if the
    // filter ran after the page was cut.
    const ids = await walkPages(
      (cursor) => member.executions.list({ agentId: agent.id, status: "error", cursor, limit: 1 }),
      1,
    );
    expect(ids).toEqual([...errors].reverse());
    const production = await member.executions.list({ environment: "production" });
    expect(production.items).toHaveLength(5);
    const since = await member.executions.list({ since: new Date(Date.UTC(2026, 0, 8)) });
    expect(since.items).toHaveLength(3);
    const onThread = await member.executions.list({ threadId: thread.id });
    expect(onThread.items).toMatchObject([{ threadId: thread.id, agentId: other.id }]);
    const item = production.items[0]!;
    expect(Object.keys(item).sort()).toEqual(
      [
        "id",
        "agentId",
        "threadId",
        "configId",
        "environment",
        "model",
        "status",
        "stopReason",
        "inputTokens",
        "outputTokens",
        "cacheReadTokens",
        "cacheWriteTokens",
        "totalTokens",
        "toolCallCount",
        "durationMs",
        "errorMessage",
        "createdAt",
        "endedAt",
      ].sort(),
    );
    // A turn outside the filter is no cursor of it.
    const error = await caught(
      member.executions.list({
        agentId: agent.id,
        status: "error",
        cursor: production.items[0]!.id,
      }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
  });

  it("a running turn past its deadline is ended timeout when listed; a live one stays running", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const owner = as(t, "owner");
    const [one, two] = [
      await owner.threads.create({ agentId: agent.id }),
      await owner.threads.create({ agentId: agent.id }),
    ];
    const dead = await turn(t, agent.id, {
      threadId: one.id,
      status: "running",
      deadlineAt: new Date(Date.now() - 1000),
    });
    const live = await turn(t, agent.id, {
      threadId: two.id,
      status: "running",
      deadlineAt: new Date(Date.now() + 600_000),
    });
    const { items } = await as(t, "member").executions.list({});
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(dead.id)).toMatchObject({
      status: "timeout",
      errorMessage: ABANDONED_TURN_MESSAGE,
      endedAt: expect.any(Date),
    });
    expect(byId.get(live.id)).toMatchObject({ status: "running", endedAt: null });
    expect((await testDb().execution.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe(
      "timeout",
    );
  });

  it("get returns the turn with its trace and without its parts; getRecent the latest ten", async () => {
    const t = await createTenant();
    const agent = await newAgent(t);
    const trace = [{ type: "model", name: "claude", durationMs: 12 }];
    const row = await turn(t, agent.id, {
      trace,
      parts: [{ type: "text-delta", delta: "secret stream" }],
      inputTokens: 3,
      outputTokens: 4,
    });
    const member = as(t, "member");
    const got = await member.executions.get({ id: row.id });
    expect(got).toMatchObject({ id: row.id, trace, totalTokens: 7 });
    expect("parts" in got).toBe(false);
    expect((await caught(member.executions.get({ id: "missing" }))).code).toBe("NOT_FOUND");

    for (let i = 0; i < 11; i += 1) {
      await turn(t, agent.id, { createdAt: new Date(Date.UTC(2027, 0, 1 + i)) });
    }
    const recent = await member.executions.getRecent({});
    expect(recent).toHaveLength(10);
    expect(recent[0]!.createdAt).toEqual(new Date(Date.UTC(2027, 0, 11)));
    expect(await member.executions.getRecent({ agentId: agent.id, limit: 2 })).toHaveLength(2);
    expect((await caught(member.executions.getRecent({ limit: 51 }))).code).toBe("BAD_REQUEST");
  });
});
