import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "@/server/auth/actor";
import { buildUserActor } from "@/server/auth/session";
import { enqueueJob } from "@/server/jobs/queue";
import { expectError, outputOf, toolFixture, type ToolFixture } from "@/test/agent-tools";
import {
  builtin,
  chat,
  createChatAgent,
  sessionCookie,
  startChatHarness,
  type ChatHarness,
} from "@/test/chat";
import { testDb, uid } from "@/test/db";
import { createAgent, createTenant } from "@/test/factories";

// job.enqueue and job.status through executeToolCall and the policy engine (docs/agents.md, "Job
// tools"): the tool's identity is authorized, the agent enqueues; job.status shows only the
// jobs of this agent or of that identity, and only while the identity may read their record.
// The identity matrix every tool goes through is in tools.int.test.ts.

let f: ToolFixture;
let h: ChatHarness;

beforeAll(async () => {
  f = await toolFixture();
  h = await startChatHarness();
});
afterAll(() => h.close());

const idOf = (output: unknown) => (output as { id: string }).id;
const stored = (id: string) => testDb().job.findUniqueOrThrow({ where: { id } });

describe("job.enqueue", () => {
  it("allowed: the agent enqueues (recorded as the agent, on the event too)", async () => {
    const entityId = await f.make("active");
    const output = outputOf(
      await f.call(
        "job.enqueue",
        { jobType: "entity.process", payload: { entityId }, entityId, priority: 9 },
        { actor: f.actors.member },
      ),
    );
    const job = await stored(idOf(output));
    expect(job).toMatchObject({
      organizationId: f.t.org.id,
      entityId,
      priority: 9,
      actorContext: { actorType: "agent", actorId: f.agentId },
    });
    const event = await testDb().event.findFirstOrThrow({
      where: { organizationId: f.t.org.id, eventType: "job.enqueued", entityId },
    });
    expect(event).toMatchObject({ actorType: "agent", actorId: f.agentId });
  });

  it("denied by the tool permission: allowedActions without create", async () => {
    const entityId = await f.make("active");
    expectError(
      await f.call(
        "job.enqueue",
        { jobType: "entity.process", payload: { entityId } },
        { permission: { allowedActions: ["read", "update"] }, unchanged: true },
      ),
      "job.enqueue is not allowed to create (tool permission)",
    );
    expect(await testDb().job.count({ where: { entityId } })).toBe(0);
  });

  it("a record out of the identity's scope is not found, named by entityId or by the payload", async () => {
    const archived = await f.make("archived");
    const active = await f.make("active");
    for (const input of [
      { jobType: "entity.process", payload: { entityId: archived } },
      // The payload's record is checked too, not only the one entityId names.
      { jobType: "entity.process", payload: { entityId: archived }, entityId: active },
    ]) {
      expectError(
        await f.call("job.enqueue", input, { actor: f.actors.member, unchanged: true }),
        "Entity not found",
      );
    }
    expect(await testDb().job.count({ where: { entityId: { in: [archived, active] } } })).toBe(0);
  });

  it("a job about no record needs a create policy on every resource (members have none)", async () => {
    expectError(
      await f.call("job.enqueue", { jobType: "cleanup.expired" }, { actor: f.actors.member }),
      "Not allowed to create records",
    );
    const output = outputOf(await f.call("job.enqueue", { jobType: "cleanup.expired" }));
    expect(await stored(idOf(output))).toMatchObject({ jobType: "cleanup.expired" });
  });

  it("an idempotency key gives back the first job", async () => {
    const input = { jobType: "cleanup.expired", idempotencyKey: uid("key") };
    const first = outputOf(await f.call("job.enqueue", input)) as { id: string };
    expect(outputOf(await f.call("job.enqueue", input))).toEqual({ id: first.id, existing: true });
  });

  it("a payload the job type refuses is named", async () => {
    expectError(
      await f.call("job.enqueue", { jobType: "entity.process", payload: { entity: "x" } }),
      /^payload\./,
    );
  });
});

describe("job.status", () => {
  it("shows this agent's job and the identity's own job, not another agent's or person's", async () => {
    const mine = outputOf(await f.call("job.enqueue", { jobType: "cleanup.expired" }));
    expect(outputOf(await f.call("job.status", { jobId: idOf(mine) }))).toMatchObject({
      id: idOf(mine),
      jobType: "cleanup.expired",
      status: "pending",
      attempts: 0,
      result: null,
      errorMessage: null,
    });

    const db = testDb();
    const admin = (await buildUserActor(db, f.t.admin.id, f.t.org.id)) as UserActor;
    const { job: adminsJob } = await enqueueJob(
      { db, actor: admin },
      { jobType: "cleanup.expired" },
    );
    // The admin's own job, in the admin's chat: theirs. In the owner's chat: not found.
    expect(
      outputOf(await f.call("job.status", { jobId: adminsJob.id }, { actor: admin })),
    ).toMatchObject({ id: adminsJob.id });
    expectError(await f.call("job.status", { jobId: adminsJob.id }), "Job not found");

    const otherAgent = await createAgent(f.t.org.id);
    const { job: othersJob } = await enqueueJob(
      { db, actor: { type: "agent", agentId: otherAgent.id, orgId: f.t.org.id, roleIds: [] } },
      { jobType: "cleanup.expired" },
    );
    expectError(await f.call("job.status", { jobId: othersJob.id }), "Job not found");
  });

  it("another organization's job is not found, even with a system identity", async () => {
    const other = await createTenant();
    const { job } = await enqueueJob(
      { db: testDb(), actor: { type: "system", orgId: other.org.id } },
      { jobType: "cleanup.expired" },
    );
    for (const permission of [undefined, { identityMode: "system" as const }]) {
      expectError(
        await f.call("job.status", { jobId: job.id }, { ...(permission && { permission }) }),
        "Job not found",
      );
    }
  });

  it("denied by the tool permission: allowedActions without read", async () => {
    const mine = outputOf(await f.call("job.enqueue", { jobType: "cleanup.expired" }));
    expectError(
      await f.call(
        "job.status",
        { jobId: idOf(mine) },
        { permission: { allowedActions: ["list"] } },
      ),
      "job.status is not allowed to read (tool permission)",
    );
  });
});

describe("a chat turn", () => {
  it("the model calls job.enqueue; the job is the agent's, and its id goes back to the model", async () => {
    const t = await createTenant();
    const agent = await createChatAgent(t.org.id, { tools: [builtin("job.enqueue")] });
    const cookie = sessionCookie(t.owner.id, t.org.id);
    const { chunks } = await chat(
      h.deps,
      agent.id,
      cookie,
      'Clean up please [tool:job_enqueue {"jobType":"cleanup.expired"}]',
    );
    const output = chunks.find((chunk) => chunk.type === "tool-output-available");
    expect(output).toMatchObject({ output: { id: expect.any(String), existing: false } });
    const id = (output as { output: { id: string } }).output.id;
    expect(await stored(id)).toMatchObject({
      organizationId: t.org.id,
      jobType: "cleanup.expired",
      status: "pending",
      actorContext: { actorType: "agent", actorId: agent.id },
    });
    // The fake answers a tool result with "Tool <name> returned: ..." in its next message.
    const text = chunks
      .filter((chunk) => chunk.type === "text-delta")
      .map((chunk) => (chunk as { delta: string }).delta)
      .join("");
    expect(text).toContain(id);
  });
});
