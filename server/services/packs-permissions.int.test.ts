import { beforeAll, describe, expect, it } from "vitest";
import { buildUserActor } from "@/server/auth/session";
import type { ToolConfig } from "@/server/agent/config";
import { executeToolCall, loadToolPermissions } from "@/server/agent/tools/run";
import type { ToolOutcome } from "@/server/agent/tools/types";
import { as, caught } from "@/test/business";
import { callerFor } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createMember, createTenant, type Tenant } from "@/test/factories";

// The packs' roles as the real people would use them: members linked to teacher, guardian and
// customer records through `data.userId`, holding the pack's roles, reading through the
// routers; and the front desk agent's tools running as the pack's `agent` role.

const db = testDb();
let t: Tenant;
/** Sample record ids by their data's name (or subject, title). */
const ids = new Map<string, string>();
const people = {} as Record<"teacher" | "guardian" | "customer", { id: string }>;

const caller = (user: { id: string }) => callerFor({ userId: user.id, orgId: t.org.id });

async function person(recordName: string, roleName: string) {
  const user = await createMember(t.org.id, "member");
  const owner = as(t, "owner");
  const entityId = ids.get(recordName)!;
  await owner.entities.update({ id: entityId, data: { userId: user.id } });
  const role = await db.role.findFirstOrThrow({
    where: { organizationId: t.org.id, name: roleName },
  });
  await owner.roles.assignToUser({ roleId: role.id, userId: user.id });
  return user;
}

const labelOf = (data: unknown): string => {
  const record = data as Record<string, string>;
  return record.name ?? record.subject ?? record.title ?? "";
};

async function listed(user: { id: string }, slug: string) {
  const page = await caller(user).entities.list({ entityTypeSlug: slug, limit: 100 });
  return page.items;
}

beforeAll(async () => {
  t = await createTenant();
  await as(t, "owner").packs.install({ packId: "tutoring", withSampleData: true });
  await as(t, "owner").packs.install({ packId: "customer-support", withSampleData: true });
  for (const entity of await db.entity.findMany({ where: { organizationId: t.org.id } }))
    ids.set(labelOf(entity.data), entity.id);
  people.teacher = await person("Amara Okafor", "teacher");
  people.guardian = await person("Helen Park", "guardian");
  people.customer = await person("Priya Shah", "customer");
});

describe("tutoring", () => {
  it("a teacher sees only their own sessions, never guardianNotes, and no payments", async () => {
    const sessions = await listed(people.teacher, "session");
    expect(sessions.map((s) => labelOf(s.data)).sort()).toEqual([
      "Maths: quadratic equations",
      "Physics: forces",
    ]);
    for (const session of sessions) {
      expect(session.data).not.toHaveProperty("guardianNotes");
      expect(session.data).not.toHaveProperty("guardianId");
    }
    // The owner sees the note the teacher does not.
    const full = await as(t, "owner").entities.get({ id: ids.get("Physics: forces")! });
    expect(full.data).toMatchObject({ guardianNotes: "Sofia has a test on Friday." });
    // Another teacher's session is not found to them; payments are forbidden.
    const other = await caught(
      caller(people.teacher).entities.get({ id: ids.get("English: reading")! }),
    );
    expect(other.code).toBe("NOT_FOUND");
    expect((await caught(listed(people.teacher, "payment"))).code).toBe("FORBIDDEN");
    // Their own teacher record only.
    expect((await listed(people.teacher, "teacher")).map((r) => labelOf(r.data))).toEqual([
      "Amara Okafor",
    ]);
  });

  it("a guardian sees only their students, their sessions, payments and credits", async () => {
    const g = people.guardian;
    expect((await listed(g, "student")).map((r) => labelOf(r.data)).sort()).toEqual([
      "Joon Park",
      "Mina Park",
    ]);
    const sessions = await listed(g, "session");
    expect(sessions.map((r) => labelOf(r.data)).sort()).toEqual([
      "English: reading",
      "Maths: quadratic equations",
    ]);
    for (const session of sessions) expect(session.data).not.toHaveProperty("teacherNotes");
    expect(await listed(g, "payment")).toHaveLength(1);
    expect(await listed(g, "entitlement")).toHaveLength(1);
    expect((await listed(g, "guardian")).map((r) => labelOf(r.data))).toEqual(["Helen Park"]);
    for (const teacher of await listed(g, "teacher"))
      expect(teacher.data).not.toHaveProperty("hourlyRate");
    const sofia = await caught(caller(g).entities.get({ id: ids.get("Sofia Rossi")! }));
    expect(sofia.code).toBe("NOT_FOUND");
  });
});

describe("customer support", () => {
  it("a customer sees only their tickets, never internalNotes, and published articles", async () => {
    const tickets = await listed(people.customer, "ticket");
    expect(tickets.map((r) => labelOf(r.data)).sort()).toEqual([
      "Cannot export invoices to CSV",
      "How do I add a second admin?",
    ]);
    for (const ticket of tickets) expect(ticket.data).not.toHaveProperty("internalNotes");
    const globex = await caught(
      caller(people.customer).entities.get({ id: ids.get("Billing address change")! }),
    );
    expect(globex.code).toBe("NOT_FOUND");
    expect((await listed(people.customer, "article")).map((r) => labelOf(r.data))).toEqual([
      "Exporting invoices",
    ]);
    // Writing the hidden field is refused too.
    const write = await caught(
      caller(people.customer).entities.create({
        entityTypeSlug: "ticket",
        data: {
          subject: "Help",
          customerId: ids.get("Priya Shah")!,
          status: "open",
          priority: "normal",
          internalNotes: "let me in",
        },
      }),
    );
    expect(write.code).toBe("FORBIDDEN");
  });
});

describe("the front desk agent", () => {
  async function call(name: string, input: unknown): Promise<ToolOutcome> {
    const agent = await db.agent.findFirstOrThrow({
      where: { organizationId: t.org.id, slug: "front-desk", status: "active" },
      include: { developmentConfig: true },
    });
    return executeToolCall(
      {
        db,
        // A public API chat's own identity would do as well: the tools run as the agent role.
        chatActor: (await buildUserActor(db, t.owner.id, t.org.id))!,
        agentId: agent.id,
        threadId: uid("thread"),
        executionId: uid("execution"),
        tools: agent.developmentConfig!.tools as ToolConfig[],
        permissions: await loadToolPermissions(db, t.org.id, agent.id),
        signal: new AbortController().signal,
      },
      { id: uid("call"), name, input },
    );
  }

  it("reads sessions (masked) and books one, and is refused payments and deletes", async () => {
    const read = await call("entity.query", { type: "session" });
    expect(read.ok).toBe(true);
    const items = (read as { output: { items: { data: Record<string, unknown> }[] } }).output.items;
    expect(items).toHaveLength(4);
    for (const item of items) expect(item.data).not.toHaveProperty("guardianNotes");
    const booked = await call("entity.create", {
      type: "session",
      data: {
        teacherId: ids.get("Lucas Meyer")!,
        studentId: ids.get("Joon Park")!,
        startTime: "2026-03-11T14:30:00Z",
        durationMinutes: 45,
        subject: "English: spelling",
        status: "scheduled",
      },
    });
    expect(booked.ok).toBe(true);
    const created = await db.entity.findFirstOrThrow({
      where: { organizationId: t.org.id, data: { path: ["subject"], equals: "English: spelling" } },
    });
    const event = await db.event.findFirstOrThrow({ where: { entityId: created.id } });
    expect(event.actorType).toBe("agent");

    expect(await call("entity.query", { type: "payment" })).toEqual({
      ok: false,
      error: "Not allowed to list payment",
    });
    expect(await call("entity.get", { id: ids.get("Helen Park")! })).toMatchObject({ ok: false });
    expect(await call("entity.delete", { id: created.id })).toEqual({
      ok: false,
      error: "Unknown tool: entity.delete",
    });
    expect(await db.entity.count({ where: { id: created.id, deletedAt: null } })).toBe(1);
  });
});
