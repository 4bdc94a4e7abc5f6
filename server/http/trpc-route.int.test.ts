import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { MAX_BATCH_CALLS } from "@/lib/trpc/batch";
import { encodeLocalSession, LOCAL_SESSION_COOKIE } from "@/server/auth/local-session";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";
import { captureLogs, type CapturedLogs } from "@/test/logs";

// The tRPC endpoint as the browser reaches it: the session cookie authenticates, so only JSON
// from the app's own origin is answered, batches are bounded, and an unexpected error reaches
// the client as "Internal server error" with a request id (its message only in the log).

const BASE = "http://app.test";

const cookieFor = (session: { userId: string; orgId: string | null }) =>
  `${LOCAL_SESSION_COOKIE}=${encodeLocalSession(session)}`;

function post(path: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}) {
  return POST(new Request(`${BASE}/api/trpc/${path}`, { method: "POST", ...init }));
}

function get(path: string, headers: Record<string, string> = {}) {
  return GET(new Request(`${BASE}/api/trpc/${path}`, { headers }));
}

/** What the browser's httpBatchLink sends for one mutation without input. */
const leave = (cookie: string, headers: Record<string, string> = {}) =>
  post("memberships.leave?batch=1", {
    headers: { cookie, "content-type": "application/json", ...headers },
    body: JSON.stringify({}),
  });

let t: Tenant;
let memberCookie: string;
let logs: CapturedLogs;

beforeEach(async () => {
  t = await createTenant();
  memberCookie = cookieFor({ userId: t.member.id, orgId: t.org.id });
  logs = captureLogs();
});
afterEach(() => logs.restore());

const stillMember = async () =>
  (await testDb().membership.count({
    where: { organizationId: t.org.id, userId: t.member.id },
  })) === 1;

async function errorOf(response: Response) {
  const body = (await response.json()) as unknown;
  const first = (Array.isArray(body) ? body[0] : body) as {
    error: { json: { message: string; data: { code: string; requestId: string | null } } };
  };
  return first.error.json;
}

describe("cookie-authenticated mutations", () => {
  it("are refused (415) as a form or any body but JSON, and nothing runs", async () => {
    const form = new FormData();
    form.set("0", "{}");
    const bodies: [string, { headers?: Record<string, string>; body: BodyInit }][] = [
      ["multipart/form-data", { body: form }],
      ["urlencoded", { body: new URLSearchParams({ 0: "{}" }) }],
      ["text/plain", { headers: { "content-type": "text/plain" }, body: "{}" }],
      [
        "octet-stream",
        { headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([1]) },
      ],
    ];
    for (const [name, { headers, body }] of bodies) {
      const response = await post("memberships.leave", {
        headers: { cookie: memberCookie, origin: BASE, ...headers },
        body,
      });
      expect(response.status, name).toBe(415);
      expect(await stillMember(), name).toBe(true);
    }
  });

  it("are refused (403) from another site's Origin or Sec-Fetch-Site, and nothing runs", async () => {
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://sub.app.test" },
      // A page on the same host name but another port is another origin.
      { origin: "http://app.test:8080" },
    ];
    for (const headers of crossSite) {
      const response = await leave(memberCookie, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect((await errorOf(response)).data.code).toBe("FORBIDDEN");
      expect(await stillMember()).toBe(true);
    }
  });

  it("run as JSON from the app's own origin (and from a client that is not a browser)", async () => {
    const response = await leave(memberCookie, { origin: BASE, "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(200);
    expect(await stillMember()).toBe(false);
    const ownerCookie = cookieFor({ userId: t.owner.id, orgId: t.org.id });
    const query = await get("users.getCurrent?batch=1&input=%7B%7D", { cookie: ownerCookie });
    expect(query.status).toBe(200);
  });
});

describe("batches", () => {
  it(`over ${MAX_BATCH_CALLS} calls are refused (400) before any call runs`, async () => {
    const calls = MAX_BATCH_CALLS + 1;
    const paths = Array.from({ length: calls }, () => "memberships.leave").join(",");
    const response = await post(`${paths}?batch=1`, {
      headers: { cookie: memberCookie, "content-type": "application/json", origin: BASE },
      body: JSON.stringify({}),
    });
    expect(response.status).toBe(400);
    expect(await stillMember()).toBe(true);

    const ownerCookie = cookieFor({ userId: t.owner.id, orgId: t.org.id });
    const queries = Array.from({ length: MAX_BATCH_CALLS }, () => "users.getCurrent").join(",");
    const allowed = await get(`${queries}?batch=1&input=%7B%7D`, { cookie: ownerCookie });
    expect(allowed.status).toBe(200);
    expect((await allowed.json()) as unknown[]).toHaveLength(MAX_BATCH_CALLS);
  });
});

describe("input", () => {
  it("text PostgreSQL cannot store is 400 naming the problem, not an internal error", async () => {
    const adminCookie = cookieFor({ userId: t.admin.id, orgId: t.org.id });
    const response = await post("organizations.update?batch=1", {
      headers: { cookie: adminCookie, origin: BASE, "content-type": "application/json" },
      body: JSON.stringify({ 0: { json: { id: t.org.id, name: "Acme\u0000" } } }),
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.message).toBe(
      "The input's strings must not contain NUL characters or lone surrogates",
    );
    expect(error.data.code).toBe("BAD_REQUEST");
    expect(logs.records().filter((line) => line.level === "error")).toEqual([]);
    const org = await testDb().organization.findUniqueOrThrow({ where: { id: t.org.id } });
    expect(org.name).toBe(t.org.name);
  });
});

describe("sessions and errors", () => {
  it("a malformed session cookie is signed out (401), not a server error", async () => {
    for (const value of ["%E0%A4%A", "v1.%%%.x", "v1..", "=", "v1.bm90LWpzb24.sig"]) {
      const response = await get("users.getCurrent?batch=1&input=%7B%7D", {
        cookie: `${LOCAL_SESSION_COOKIE}=${value}`,
      });
      expect(response.status, value).toBe(401);
      expect((await errorOf(response)).data.code).toBe("UNAUTHORIZED");
    }
    expect(logs.lines).toEqual([]);
  });

  it("an unexpected error is 'Internal server error' with the request id; its message is only logged", async () => {
    // A signed session naming a user id PostgreSQL cannot even compare (NUL): the user lookup
    // fails inside the database, as an unexpected error would.
    const cookie = cookieFor({ userId: "user\u0000x", orgId: t.org.id });
    const requestId = "req-test-0123456789";
    const response = await get("users.getCurrent?batch=1&input=%7B%7D", {
      cookie,
      "x-request-id": requestId,
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe(requestId);
    const text = await response.clone().text();
    expect(text).not.toMatch(/0x00|byte sequence|prisma|invalid|stack/i);
    const error = await errorOf(response);
    expect(error.message).toBe("Internal server error");
    expect(error.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", requestId });

    const lines = logs.records();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "error",
      msg: "tRPC call failed",
      requestId,
      orgId: t.org.id,
      actorType: "user",
      actorId: "user\u0000x",
      path: "users.getCurrent",
      type: "query",
    });
    // The original error, message and all, is in the log for whoever investigates.
    expect(JSON.stringify(lines[0]!.err)).toMatch(/0x00|byte sequence|invalid/i);
  });

  it("every response names its request id, a new one when the request brings none", async () => {
    const response = await get("users.getCurrent?batch=1&input=%7B%7D");
    expect(response.status).toBe(401);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await errorOf(response)).data.requestId).toBe(id);
    // A malformed id (here, one that would forge log lines) is replaced.
    const forged = await get("users.getCurrent?batch=1&input=%7B%7D", {
      "x-request-id": 'x"}{"level":"fatal"',
    });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
