import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { BUILTIN_TOOL_NAMES } from "@/server/agent/tools/names";
import { BUILTIN_TOOLS } from "@/server/agent/tools/registry";
import { cases } from "@/test/agent-tool-cases";
import { uid } from "@/test/db";
import { captureLogs } from "@/test/logs";
import { expectError, outputOf, SSN, toolFixture, type ToolFixture } from "@/test/agent-tools";

// What a tool permission limits beyond the identity (docs/agents.md): `allowedActions` and
// `deniedFields`; the policies' masks on every result; input validation; errors the model gets.

const ACTIONS = ["create", "read", "update", "delete", "list"];

let f: ToolFixture;

beforeAll(async () => {
  f = await toolFixture();
});

describe.each(BUILTIN_TOOL_NAMES)("%s", (name) => {
  const tool = cases[name];
  const action = BUILTIN_TOOLS[name].action;

  it("allowedActions: a list without the tool's action refuses it; with it, it runs", async () => {
    const others = ACTIONS.filter((candidate) => candidate !== action);
    const refused = await tool.arrange(f, "in");
    expectError(
      await f.call(name, refused.input, {
        permission: { allowedActions: others },
        unchanged: true,
      }),
      `${name} is not allowed to ${action} (tool permission)`,
    );
    const allowed = await tool.arrange(f, "in");
    await allowed.allowed(
      outputOf(await f.call(name, allowed.input, { permission: { allowedActions: [action] } })),
    );
    const star = await tool.arrange(f, "in");
    await star.allowed(
      outputOf(await f.call(name, star.input, { permission: { allowedActions: ["*"] } })),
    );
  });

  it("invalid input is refused naming the field, and nothing is written", async () => {
    expectError(await f.call(name, tool.invalid.input, { unchanged: true }), tool.invalid.error);
    expectError(
      await f.call(name, "not an object", { unchanged: true }),
      `${name}: the input must be object`,
    );
  });
});

// The next three apply to the tools whose case says so: the others return no entity data
// (delete, link, unlink, event.emit) or take none that a denied field could be written into.
const returningData = BUILTIN_TOOL_NAMES.filter((name) => cases[name].dataOf !== null);
const strippingOutput = BUILTIN_TOOL_NAMES.filter((name) => cases[name].stripsOutput);
const takingData = BUILTIN_TOOL_NAMES.filter((name) => cases[name].deniedInput !== null);

describe.each(returningData)("%s", (name) => {
  const tool = cases[name];
  it("masked: the policy's hide and redact masks show in the result", async () => {
    const dataOf = tool.dataOf!;
    const owner = await tool.arrange(f, "in");
    const plain = dataOf(outputOf(await f.call(name, owner.input)));
    const member = await tool.arrange(f, "in");
    const masked = dataOf(outputOf(await f.call(name, member.input, { actor: f.actors.member })));
    expect(plain.length).toBeGreaterThan(0);
    expect(masked.length).toBe(plain.length);
    for (const data of plain) expect(data.email).toMatch(/@example\.test$/);
    for (const data of masked) {
      expect(data).not.toHaveProperty("ssn");
      expect(data.email).toMatch(/^[a-z]\*+t$/);
      expect(data.name).toEqual(expect.any(String));
    }
    if (tool.stripsOutput) for (const data of plain) expect(data.ssn).toBe(SSN);
  });
});

describe.each(strippingOutput)("%s", (name) => {
  const tool = cases[name];
  it("deniedFields: stripped from the result (bare and data. paths)", async () => {
    const dataOf = tool.dataOf!;
    const arranged = await tool.arrange(f, "in");
    const permission = { deniedFields: ["ssn", "data.email"] };
    const data = dataOf(outputOf(await f.call(name, arranged.input, { permission })));
    expect(data.length).toBeGreaterThan(0);
    for (const record of data) {
      expect(record).not.toHaveProperty("ssn");
      expect(record).not.toHaveProperty("email");
      expect(record.name).toEqual(expect.any(String));
    }
  });
});

describe.each(takingData)("%s", (name) => {
  const tool = cases[name];
  it("deniedFields: refused in the input, naming the field", async () => {
    const input = await tool.deniedInput!(f);
    for (const deniedFields of [["ssn"], ["data.ssn"]]) {
      expectError(
        await f.call(name, input, { permission: { deniedFields }, unchanged: true }),
        `${name}: data.ssn is a denied field (tool permission)`,
      );
    }
  });
});

describe("deniedFields, nested and through filters", () => {
  it("a nested denied path is stripped and refused; a filter inside or around it is refused", async () => {
    const id = await f.make("active", { address: { city: "Paris" } });
    const permission = { deniedFields: ["address.city"] };
    const record = outputOf(await f.call("entity.get", { id }, { permission }));
    expect(record).toMatchObject({ data: { address: {} } });
    expect(record).not.toHaveProperty("data.address.city");
    for (const filters of [
      { "address.city": "Paris" },
      { address: "x" },
      { "data.address.city": "Paris" },
    ]) {
      expectError(
        await f.call("entity.query", { type: f.slug, filters }, { permission }),
        "entity.query: data.address.city is a denied field (tool permission)",
      );
    }
    expectError(
      await f.call(
        "entity.update",
        { id, data: { address: { city: "Rome" } } },
        { permission, unchanged: true },
      ),
      "entity.update: data.address.city is a denied field (tool permission)",
    );
  });

  it("event payloads' changes and previousData are stripped too", async () => {
    const id = await f.make("active");
    await f.call("entity.update", { id, data: { ssn: "000-00-0000", grade: 8 } });
    const query = { entityId: id, eventType: `${f.slug}.updated` };
    const plain = outputOf(await f.call("event.query", query)) as { items: { payload: object }[] };
    expect(plain.items[0]!.payload).toMatchObject({
      changes: { ssn: "000-00-0000" },
      previousData: { ssn: SSN },
    });
    const stripped = outputOf(
      await f.call("event.query", query, { permission: { deniedFields: ["ssn"] } }),
    );
    expect(stripped).toMatchObject({
      items: [{ payload: { changes: { grade: 8 }, previousData: { grade: 5 } } }],
    });
    const payload = (stripped as typeof plain).items[0]!.payload;
    expect(payload).not.toHaveProperty("changes.ssn");
    expect(payload).not.toHaveProperty("previousData.ssn");
  });
});

describe("entity.query filters", () => {
  it("map onto data equality filters: bare, `data.` prefixed and nested paths, with status", async () => {
    const tag = uid("tag");
    const paris = await f.make("active", { tag, address: { city: "Paris" }, grade: 9 });
    await f.make("active", { tag, address: { city: "Rome" }, grade: 9 });
    const archived = await f.make("archived", { tag, address: { city: "Paris" }, grade: 9 });
    const ids = async (input: object) =>
      (
        outputOf(await f.call("entity.query", { type: f.slug, ...input })) as {
          items: { id: string }[];
        }
      ).items
        .map((item) => item.id)
        .sort();
    expect(await ids({ filters: { tag, "address.city": "Paris" } })).toEqual(
      [paris, archived].sort(),
    );
    expect(
      await ids({
        filters: { "data.tag": tag, "data.address.city": "Paris", grade: 9 },
        status: "active",
      }),
    ).toEqual([paris]);
    expect(await ids({ filters: { tag, grade: "9" } })).toEqual([]);
  });

  it("pages with limit and nextCursor", async () => {
    const tag = uid("tag");
    for (let i = 0; i < 3; i += 1) await f.make("active", { tag });
    const first = outputOf(
      await f.call("entity.query", { type: f.slug, filters: { tag }, limit: 2 }),
    ) as { items: unknown[]; nextCursor: string | null };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = outputOf(
      await f.call("entity.query", {
        type: f.slug,
        filters: { tag },
        limit: 2,
        cursor: first.nextCursor,
      }),
    ) as typeof first;
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items).toHaveLength(1);
  });
});

describe("errors the model gets", () => {
  it("a tool the config does not list is unknown, built-in name or not", async () => {
    expectError(await f.call("entity.explode", {}), "Unknown tool: entity.explode");
    expectError(await f.call("entity_query", { type: f.slug }), "Unknown tool: entity_query");
  });

  it("a service's own error is passed on as it is (the schema's field named)", async () => {
    expectError(
      await f.call("entity.create", { type: f.slug, data: { name: "x", email: "nope" } }),
      'data.email: must match format "email"',
    );
    expectError(await f.call("entity.get", { id: "missing" }), "Entity not found");
    expectError(
      await f.call("entity.create", { type: "no-such-type", data: { name: "x" } }),
      "Entity type no-such-type not found",
    );
  });

  it("anything else is 'Tool failed: internal error', without the stack or SQL", async () => {
    const error = new Error('relation "entities" does not exist: SELECT "ssn" FROM ...');
    const broken = new Proxy({} as Db, {
      get: () =>
        new Proxy(() => undefined, {
          get: () => () => Promise.reject(error),
          apply: () => Promise.reject(error),
        }),
    });
    const logs = captureLogs();
    try {
      const id = await f.make("active");
      expectError(
        await f.call("entity.get", { id }, { db: broken }),
        "Tool failed: internal error",
      );
      expect(logs.records()).toEqual([
        expect.objectContaining({ level: "error", msg: "tool failed", tool: "entity.get" }),
      ]);
    } finally {
      logs.restore();
    }
  });

  it("a cancelled turn runs no tool", async () => {
    const controller = new AbortController();
    controller.abort();
    expectError(
      await f.call(
        "entity.create",
        { type: f.slug, data: { name: "x" } },
        { signal: controller.signal, unchanged: true },
      ),
      "entity.create: cancelled",
    );
  });

  it("the recorded actor is the tool's identity", async () => {
    const actorOf = async (options: Parameters<ToolFixture["call"]>[2]) => {
      const output = outputOf(
        await f.call(
          "event.emit",
          { eventType: "note", entityId: await f.make("active") },
          options,
        ),
      );
      return output as { actorType: string; actorId: string | null };
    };
    expect(await actorOf({ actor: f.actors.member })).toEqual(
      expect.objectContaining({ actorType: "user", actorId: f.t.member.id }),
    );
    expect(await actorOf({ actor: f.actors.agent })).toEqual(
      expect.objectContaining({ actorType: "agent", actorId: f.agentId }),
    );
    expect(
      await actorOf({ actor: f.actors.member, permission: { identityMode: "system" } }),
    ).toEqual(expect.objectContaining({ actorType: "system", actorId: null }));
    expect(
      await actorOf({
        actor: f.actors.member,
        permission: { identityMode: "configured", configuredRoleId: f.scopedRoleId },
      }),
    ).toEqual(expect.objectContaining({ actorType: "agent", actorId: f.agentId }));
  });
});
