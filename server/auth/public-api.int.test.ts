import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { UserActor } from "@/server/auth/actor";
import { assertKeyAllowsAgent } from "@/server/auth/api-keys";
import { publicApiError, withPublicApi, type PublicApiContext } from "@/server/auth/public-api";
import { AppError } from "@/server/errors";
import { createApiKey, revokeApiKey } from "@/server/services/api-keys";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";
import { captureLogs } from "@/test/logs";

// withPublicApi with real Request objects, the way Next calls a route handler.

async function newKey(input: { permissions?: string[]; expiresAt?: Date } = {}) {
  const tenant = await createTenant();
  const actor: UserActor = {
    type: "user",
    userId: tenant.admin.id,
    orgId: tenant.org.id,
    orgRole: "admin",
  };
  const ctx = { db: testDb(), actor };
  const created = await createApiKey(ctx, { name: "test", environment: "production", ...input });
  return { ...created, tenant, ctx };
}

function post(key: string | null, body?: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/v1/chat", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body,
  });
}

const echo = withPublicApi<{ slug: string }>(({ body, actor, environment, apiKey, params }) =>
  Response.json({ body, actor, environment, apiKey, params }, { headers: { "x-handler": "yes" } }),
);
const route = (slug = "support") => ({ params: Promise.resolve({ slug }) });

async function expectError(response: Response, status: number, code: string, message: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(await response.json()).toEqual({ error: { code, message } });
}

const RATE_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("withPublicApi: authentication", () => {
  it("401 without a key, with an unknown or malformed one, and before any rate limit", async () => {
    const { key } = await newKey();
    await expectError(
      await echo(post(null, "{}"), route()),
      401,
      "UNAUTHORIZED",
      "Missing API key",
    );
    await expectError(
      await echo(post(null, "{}", { authorization: `Basic ${key}` }), route()),
      401,
      "UNAUTHORIZED",
      "Missing API key",
    );
    const unknown = `${key.slice(0, 17)}${"0".repeat(32)}`;
    for (const bad of [unknown, "nonsense"]) {
      const response = await echo(post(bad, "{}"), route());
      expect(response.headers.get("RateLimit-Limit")).toBeNull();
      await expectError(response, 401, "UNAUTHORIZED", "Invalid API key");
    }
  });

  it("401 for a revoked key and for an expired one", async () => {
    const revoked = await newKey();
    await revokeApiKey(revoked.ctx, { id: revoked.apiKey.id });
    await expectError(
      await echo(post(revoked.key, "{}"), route()),
      401,
      "UNAUTHORIZED",
      "API key has been revoked",
    );

    const expired = await newKey({ expiresAt: new Date(Date.now() + 60_000) });
    await testDb().apiKey.update({
      where: { id: expired.apiKey.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expectError(
      await echo(post(expired.key, "{}"), route()),
      401,
      "UNAUTHORIZED",
      "API key has expired",
    );
  });

  it("passes the actor, environment, public key, parsed body and params to the handler", async () => {
    const { key, apiKey, tenant } = await newKey();
    const response = await echo(post(key, JSON.stringify({ message: "hi" })), route("sales"));
    expect(response.status).toBe(200);
    const json = await response.json();
    expect(json).toMatchObject({
      body: { message: "hi" },
      actor: { type: "apiKey", apiKeyId: apiKey.id, orgId: tenant.org.id, permissions: ["chat"] },
      environment: "production",
      apiKey: { id: apiKey.id, keyPrefix: key.slice(0, 16) },
      params: { slug: "sales" },
    });
    expect(json.apiKey).not.toHaveProperty("keyHash");
    expect(response.headers.get("x-handler")).toBe("yes");
    expect(response.headers.get("RateLimit-Limit")).toBe("10");
    expect(response.headers.get("RateLimit-Remaining")).toBe("9");
    expect(Number(response.headers.get("RateLimit-Reset"))).toBeGreaterThan(0);
    expect(response.headers.get("Retry-After")).toBeNull();
    const stored = await testDb().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.lastUsedAt).toBeInstanceOf(Date);
  });

  it("accepts the key in x-api-key; an empty body reaches the handler as undefined", async () => {
    const { key } = await newKey();
    const response = await echo(post(null, undefined, { "x-api-key": key }), route());
    expect(response.status).toBe(200);
    expect(await response.json()).not.toHaveProperty("body");
  });
});

describe("withPublicApi: requests and errors", () => {
  it("400 for malformed JSON, with the rate limit headers", async () => {
    const { key } = await newKey();
    const handler = vi.fn(() => new Response("unreachable"));
    const response = await withPublicApi(handler)(post(key, "{not json"));
    for (const name of RATE_HEADERS) expect(response.headers.get(name)).not.toBeNull();
    await expectError(response, 400, "BAD_REQUEST", "Malformed JSON body");
    expect(handler).not.toHaveBeenCalled();
  });

  it("413 over 64 KiB, whether or not Content-Length says so; 64 KiB exactly is fine", async () => {
    const { key } = await newKey();
    const fits = JSON.stringify({ message: "x".repeat(64 * 1024 - 14) });
    expect(Buffer.byteLength(fits)).toBe(64 * 1024);
    expect((await echo(post(key, fits), route())).status).toBe(200);

    const tooBig = JSON.stringify({ message: "x".repeat(64 * 1024) });
    await expectError(
      await echo(post(key, tooBig), route()),
      413,
      "PAYLOAD_TOO_LARGE",
      "Request body is larger than 64 KiB",
    );

    // A streamed body has no Content-Length: the limit is counted while reading.
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = new Request("http://localhost/v1/chat", {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: stream,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(streamed.headers.get("content-length")).toBeNull();
    await expectError(
      await echo(streamed, route()),
      413,
      "PAYLOAD_TOO_LARGE",
      "Request body is larger than 64 KiB",
    );
  });

  it("429 with Retry-After over the rate limit, without calling the handler", async () => {
    const { key } = await newKey();
    const handler = vi.fn(() => Response.json({ ok: true }));
    const limited = withPublicApi(handler, {
      limits: { key: { perMinute: 1, burst: 2 }, org: { perMinute: 100, burst: 30 } },
    });
    expect((await limited(post(key, "{}"))).status).toBe(200);
    expect((await limited(post(key, "{}"))).status).toBe(200);
    const refused = await limited(post(key, "{}"));
    expect(refused.headers.get("RateLimit-Limit")).toBe("2");
    expect(refused.headers.get("RateLimit-Remaining")).toBe("0");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThanOrEqual(59);
    await expectError(refused, 429, "TOO_MANY_REQUESTS", "Rate limit exceeded");
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("maps AppError and ZodError thrown by the handler to their status", async () => {
    const { key } = await newKey({ permissions: ["agent:support"] });
    const forAgent = withPublicApi<{ slug: string }>(({ actor, params }) => {
      assertKeyAllowsAgent(actor, params.slug);
      return Response.json({ ok: true });
    });
    expect((await forAgent(post(key, "{}"), route("support"))).status).toBe(200);
    const forbidden = await forAgent(post(key, "{}"), route("billing"));
    expect(forbidden.headers.get("RateLimit-Remaining")).not.toBeNull();
    await expectError(
      forbidden,
      403,
      "FORBIDDEN",
      "This API key is not allowed to use agent billing",
    );

    const conflict = withPublicApi(() => {
      throw new AppError("CONFLICT", "Agent is paused");
    });
    await expectError(await conflict(post(key, "{}")), 409, "CONFLICT", "Agent is paused");

    const validated = withPublicApi(({ body }: PublicApiContext) => {
      z.object({ message: z.string() }).parse(body);
      return Response.json({ ok: true });
    });
    const invalid = await validated(post(key, JSON.stringify({ message: 42 })));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.message).toMatch(/^message: /);
  });

  it("500 without internals for anything else; the key is never logged", async () => {
    const { key } = await newKey();
    const logs = captureLogs();
    const crashing = withPublicApi(() => {
      // An error that quotes the key (a driver echoing the request, say) still never logs it.
      throw new Error(`connect ECONNREFUSED postgres://admin:hunter2@db (${key})`);
    });
    const response = await crashing(post(key, "{}")).finally(() => logs.restore());
    expect(response.headers.get("RateLimit-Limit")).toBe("10");
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({
      error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
    });
    const [line] = logs.records();
    expect(line).toMatchObject({ level: "error", msg: "public API: unhandled error" });
    expect(line!.err).toMatchObject({ message: expect.stringContaining("ECONNREFUSED") });
    expect(logs.lines.join("\n")).not.toContain(key);
    // The answer names the id of the line that tells what happened.
    expect(response.headers.get("x-request-id")).toBe(line!.requestId);
  });

  it("every answer carries its request id: a well-formed one given, else a new one each", async () => {
    const { key } = await newKey();
    const given = "lb-7f3a9c21";
    const answers = [
      await echo(post(null, "{}"), route()),
      await echo(post(key, "{"), route()),
      await echo(post(key, "{}"), route()),
      await echo(post(key, "{}", { "x-request-id": given }), route()),
      await echo(post(key, "{}", { "x-request-id": "not ok" }), route()),
    ];
    const ids = answers.map((response) => response.headers.get("x-request-id"));
    expect(answers.map((response) => response.status)).toEqual([401, 400, 200, 200, 200]);
    expect(ids[3]).toBe(given);
    const made = [ids[0], ids[1], ids[2], ids[4]];
    for (const id of made) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(made).size).toBe(4);
  });

  it("publicApiError builds the shared error shape", async () => {
    await expectError(
      publicApiError("NOT_FOUND", "Agent not found"),
      404,
      "NOT_FOUND",
      "Agent not found",
    );
  });
});
