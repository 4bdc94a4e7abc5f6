import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ToolPermission } from "@/generated/prisma/client";
import type { UserActor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import type { CustomToolConfig, ToolConfig } from "@/server/agent/config";
import { runCustomTool, type CustomToolContext } from "@/server/agent/custom-tool";
import { executeToolCall, type ToolCallEnv } from "@/server/agent/tools/run";
import type { ToolOutcome } from "@/server/agent/tools/types";
import { startFakeToolExecutor, type FakeToolExecutor } from "@/test/fakes/tool-executor";

// The custom-tool executor client against loopback servers: the fake executor
// (test/fakes/tool-executor.ts), and a raw server for answers the fake never gives (malformed
// JSON, no `result`). URL, secret and timeout are injected, never read from process.env.

const SECRET = "exec-secret-7f3a9c";

const tool: CustomToolConfig = {
  isBuiltin: false,
  name: "weather.lookup",
  description: "The weather in a city.",
  parameters: {
    type: "object",
    properties: { city: { type: "string", maxLength: 50 } },
    required: ["city"],
    additionalProperties: false,
  },
  handlerCode: "return { city: args.city, sky: 'clear' };",
};

const context: CustomToolContext = {
  organizationId: "org_1",
  agentId: "agent_1",
  threadId: "thread_1",
  actorType: "agent",
  actorId: "agent_1",
};

let executor: FakeToolExecutor;
let raw: { url: string; answer: string; server: Server };

beforeAll(async () => {
  executor = await startFakeToolExecutor({ secret: SECRET });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(raw.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  raw = { url: `http://127.0.0.1:${port}`, answer: "{}", server };
});

afterAll(async () => {
  await executor.close();
  await new Promise((resolve) => raw.server.close(resolve));
});

beforeEach(() => executor.reset());

const signal = () => new AbortController().signal;

function run(options: { url?: string; secret?: string; timeoutMs?: number } = {}, args?: unknown) {
  return runCustomTool(
    { tool, args: args ?? { city: "Paris" }, context, signal: signal() },
    { url: executor.url, secret: SECRET, ...options },
  );
}

/** The error of a failed outcome, checked never to carry the secret. */
function errorOf(outcome: ToolOutcome): string {
  expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
  const error = outcome.ok ? "" : outcome.error;
  expect(error).not.toContain(SECRET);
  return error;
}

describe("runCustomTool", () => {
  it("posts handlerCode, args and context with the bearer secret, and returns the result", async () => {
    const outcome = await run();
    expect(outcome).toEqual({ ok: true, output: { echo: { city: "Paris" }, context } });
    expect(executor.requests).toHaveLength(1);
    const [request] = executor.requests;
    expect(request).toMatchObject({ method: "POST", path: "/execute", authorized: true });
    expect(request!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual({
      handlerCode: tool.handlerCode,
      args: { city: "Paris" },
      context,
    });
  });

  it("a trailing slash on the URL still reaches /execute; a null result is a result", async () => {
    executor.setMode({ result: null });
    expect(await run({ url: `${executor.url}/` })).toEqual({ ok: true, output: null });
    expect(executor.requests[0]!.path).toBe("/execute");
  });

  it("a wrong secret (401) is a tool error that names neither secret", async () => {
    const wrong = "wrong-secret-123456";
    const error = errorOf(await run({ secret: wrong }));
    expect(error).toBe(
      "weather.lookup: the tool executor refused the credentials (401; check TOOL_EXECUTOR_SECRET)",
    );
    expect(error).not.toContain(wrong);
    expect(executor.requests[0]!.authorized).toBe(false);
  });

  it("an executor slower than the timeout is a timeout error, and the request is abandoned", async () => {
    executor.setMode({ slowMs: 2_000, result: "late" });
    const started = Date.now();
    const error = errorOf(await run({ timeoutMs: 100 }));
    expect(error).toBe("weather.lookup: the tool executor did not answer within 0.1 s");
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect.poll(() => executor.requests[0]?.aborted).toBe(true);
  });

  it("a cancelled turn aborts the call", async () => {
    executor.setMode({ slowMs: 2_000, result: "late" });
    const controller = new AbortController();
    const pending = runCustomTool(
      { tool, args: { city: "Paris" }, context, signal: controller.signal },
      { url: executor.url, secret: SECRET, timeoutMs: 5_000 },
    );
    setTimeout(() => controller.abort(), 50);
    expect(errorOf(await pending)).toBe("weather.lookup: cancelled");
  });

  it("a 500 is a tool error with the executor's message, the secret scrubbed from it", async () => {
    executor.setMode({ fail: `args.city is not defined (secret ${SECRET})` });
    expect(errorOf(await run())).toBe(
      "weather.lookup: the tool executor answered 500: args.city is not defined (secret [secret])",
    );
    executor.setMode({ fail: { status: 503, error: "" } });
    expect(errorOf(await run())).toBe("weather.lookup: the tool executor answered 503");
  });

  it("malformed JSON and an answer without result are tool errors", async () => {
    const at = { url: raw.url };
    raw.answer = "<html>oops";
    expect(errorOf(await run(at))).toBe(
      "weather.lookup: the tool executor's answer is not valid JSON",
    );
    raw.answer = JSON.stringify({ output: 1 });
    expect(errorOf(await run(at))).toBe("weather.lookup: the tool executor's answer has no result");
    raw.answer = "[1]";
    expect(errorOf(await run(at))).toBe("weather.lookup: the tool executor's answer has no result");
  });

  it("not configured, or unreachable, is a tool error", async () => {
    expect(errorOf(await run({ url: "" }))).toBe(
      "weather.lookup: Custom tools are not configured (TOOL_EXECUTOR_URL)",
    );
    expect(errorOf(await run({ secret: "" }))).toBe(
      "weather.lookup: Custom tools are not configured (TOOL_EXECUTOR_SECRET)",
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(errorOf(await run({ url: `http://127.0.0.1:${port}` }))).toBe(
      "weather.lookup: the tool executor could not be reached",
    );
  });
});

describe("custom tools through executeToolCall", () => {
  const chatActor: UserActor = {
    type: "user",
    userId: "user_1",
    orgId: "org_1",
    orgRole: "member",
  };
  const permission = (row: Partial<ToolPermission>) =>
    ({
      organizationId: "org_1",
      agentId: "agent_1",
      toolName: tool.name,
      identityMode: "inherit",
      configuredRoleId: null,
      allowedActions: [],
      deniedFields: [],
      ...row,
    }) as ToolPermission;

  function call(input: unknown, row?: Partial<ToolPermission>) {
    const env: ToolCallEnv = {
      // Custom tools never touch the database.
      db: {} as Db,
      chatActor,
      agentId: "agent_1",
      threadId: "thread_1",
      executionId: "execution_1",
      tools: [tool] satisfies ToolConfig[],
      permissions: new Map(row ? [[tool.name, permission(row)]] : []),
      signal: signal(),
      executor: { url: executor.url, secret: SECRET },
    };
    return executeToolCall(env, { id: "call_1", name: tool.name, input });
  }

  it("sends the tool identity's actor as context", async () => {
    const echoed = (outcome: ToolOutcome) =>
      outcome.ok ? (outcome.output as { context: unknown }).context : outcome;
    expect(echoed(await call({ city: "Paris" }))).toEqual({
      ...context,
      actorType: "user",
      actorId: "user_1",
    });
    expect(echoed(await call({ city: "Paris" }, { identityMode: "system" }))).toEqual({
      ...context,
      actorType: "system",
      actorId: null,
    });
    expect(
      echoed(
        await call({ city: "Paris" }, { identityMode: "configured", configuredRoleId: "role_1" }),
      ),
    ).toEqual({ ...context, actorType: "agent", actorId: "agent_1" });
  });

  it("validates the arguments against the tool's parameters before calling the executor", async () => {
    expect(errorOf(await call({}))).toBe("weather.lookup: 'city' is required");
    expect(errorOf(await call({ city: "Paris", units: "C" }))).toBe(
      "weather.lookup: 'units' is not a parameter of this tool",
    );
    expect(executor.requests).toHaveLength(0);
  });

  it("a tool permission limiting record actions refuses a custom tool (it has none to check)", async () => {
    expect(errorOf(await call({ city: "Paris" }, { allowedActions: ["read"] }))).toMatch(
      /^weather\.lookup is not allowed: /,
    );
    expect((await call({ city: "Paris" }, { allowedActions: ["*"] })).ok).toBe(true);
    expect(executor.requests).toHaveLength(1);
  });

  it("deniedFields are refused in the arguments and stripped from the result", async () => {
    expect(errorOf(await call({ city: "Paris" }, { deniedFields: ["city"] }))).toBe(
      "weather.lookup: data.city is a denied field (tool permission)",
    );
    executor.setMode({ result: { city: "Paris", ssn: "123", data: { ssn: "456", name: "x" } } });
    const outcome = await call({ city: "Paris" }, { deniedFields: ["ssn"] });
    expect(outcome).toEqual({ ok: true, output: { city: "Paris", data: { name: "x" } } });
  });

  it("a tool the config does not list is unknown", async () => {
    const env = { tools: [] } as unknown as ToolCallEnv;
    expect(await executeToolCall(env, { id: "c", name: "weather.lookup", input: {} })).toEqual({
      ok: false,
      error: "Unknown tool: weather.lookup",
    });
  });
});
