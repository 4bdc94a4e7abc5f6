import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { text, toolUse } from "@/test/fakes/anthropic";
import {
  builtin,
  chatJson,
  createChatAgent,
  sessionCookie,
  startChatHarness,
  type ChatHarness,
} from "@/test/chat";

// A turn's spans reach an OTLP/HTTP receiver (a loopback collector that records what it gets),
// in OTLP's JSON encoding, and a receiver that is down changes nothing for the turn.

type Received = { path: string; headers: IncomingMessage["headers"]; body: unknown };

let h: ChatHarness;
let tenant: Tenant;
let cookie: string;
const received: Received[] = [];
const collector = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    received.push({ path: request.url ?? "", headers: request.headers, body: JSON.parse(body) });
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const { port } = collector.address() as AddressInfo;
  h = await startChatHarness({
    traces: {
      endpoint: `http://127.0.0.1:${port}/`,
      headers: "x-team=abc%20d",
      serviceName: "af-test",
    },
  });
  tenant = await createTenant();
  cookie = sessionCookie(tenant.owner.id, tenant.org.id);
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => collector.close(resolve));
});

async function until<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("nothing arrived");
}

type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status: { code: number };
};

describe("OTLP export", () => {
  it("sends the turn's spans to {endpoint}/v1/traces with the configured headers", async () => {
    const type = await testDb().entityType.create({
      data: {
        organizationId: tenant.org.id,
        name: "S",
        slug: `s-${Date.now()}`,
        schema: { type: "object" },
      },
    });
    const agent = await createChatAgent(tenant.org.id, { tools: [builtin("entity.query")] });
    h.fake.script(toolUse([{ name: "entity_query", input: { type: type.slug } }]), text("Done"));
    const { body } = await chatJson(h.deps, agent.id, cookie, { message: "Go" });
    const executionId = body.executionId as string;
    const hit = await until(() =>
      received.find((r) => JSON.stringify(r.body).includes(executionId)),
    );
    expect(hit.path).toBe("/v1/traces");
    expect(hit.headers["x-team"]).toBe("abc d");
    const payload = hit.body as {
      resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    expect(payload.resourceSpans[0]!.resource.attributes).toContainEqual({
      key: "service.name",
      value: { stringValue: "af-test" },
    });
    const spans = payload.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(spans.map((span) => span.name)).toEqual([
      `invoke_agent ${agent.name}`,
      "chat claude-test",
      "execute_tool entity.query",
      "chat claude-test",
    ]);
    const [root, ...children] = spans;
    expect(root!.parentSpanId).toBeUndefined();
    expect(root!.traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const span of children) {
      expect(span.parentSpanId).toBe(root!.spanId);
      expect(span.traceId).toBe(root!.traceId);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
      expect(span.status.code).toBe(1);
    }
    expect(children.map((span) => span.kind)).toEqual([3, 1, 3]);
    expect(children[0]!.attributes).toContainEqual({
      key: "gen_ai.request.model",
      value: { stringValue: "claude-test" },
    });
  });

  it("a receiver that is down does not change the turn", async () => {
    const agent = await createChatAgent(tenant.org.id);
    h.fake.script(text("fine"));
    const deps = { ...h.deps, traces: { endpoint: "http://127.0.0.1:9", timeoutMs: 500 } };
    const { status, body } = await chatJson(deps, agent.id, cookie, { message: "Hi" });
    expect(status).toBe(200);
    expect(body.message).toBe("fine");
  });
});
