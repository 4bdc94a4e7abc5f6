import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeToolExecutor, type FakeToolExecutor } from "@/test/fakes/tool-executor";

let executor: FakeToolExecutor;
beforeAll(async () => {
  executor = await startFakeToolExecutor({ secret: "s3cret" });
});
afterAll(() => executor.close());
beforeEach(() => executor.reset());

const body = { handlerCode: "return args", args: { q: 1 }, context: { orgId: "org_1" } };

function execute(payload: unknown = body, secret = "s3cret", signal?: AbortSignal) {
  return fetch(`${executor.url}/execute`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify(payload),
    signal,
  });
}

describe("fake tool executor", () => {
  it("echoes args and context and records the request", async () => {
    const response = await execute();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      result: { echo: { q: 1 }, context: { orgId: "org_1" } },
    });
    expect(executor.requests).toHaveLength(1);
    expect(executor.requests[0]).toMatchObject({
      method: "POST",
      path: "/execute",
      body,
      authorized: true,
      aborted: false,
    });
  });

  it("checks the bearer secret", async () => {
    const wrong = await execute(body, "nope");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "Unauthorized" });
    const missing = await fetch(`${executor.url}/execute`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    expect(missing.status).toBe(401);
    expect(executor.requests.map((r) => r.authorized)).toEqual([false, false]);
  });

  it("refuses a body without handlerCode and unknown paths", async () => {
    expect((await execute({ args: {} })).status).toBe(400);
    expect((await fetch(`${executor.url}/other`)).status).toBe(404);
    expect((await fetch(`${executor.url}/health`)).status).toBe(200);
    expect(executor.requests).toHaveLength(2);
  });

  it("applies global modes: fail, result, handler", async () => {
    executor.setMode({ fail: "handler crashed" });
    const failed = await execute();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: "handler crashed" });

    executor.setMode({ fail: { status: 502, error: "bad gateway" } });
    expect((await execute()).status).toBe(502);

    executor.setMode({ result: [1, 2, 3] });
    expect(await (await execute()).json()).toEqual({ result: [1, 2, 3] });

    executor.setMode({
      handler: async (b) => ({ code: b.handlerCode, n: (b.args as { q: number }).q }),
    });
    expect(await (await execute()).json()).toEqual({ result: { code: "return args", n: 1 } });

    executor.setMode({
      handler: () => {
        throw new Error("thrown");
      },
    });
    expect(await (await execute()).json()).toEqual({ error: "thrown" });

    executor.setMode(null);
    expect(await (await execute()).json()).toMatchObject({ result: { echo: { q: 1 } } });
  });

  it("applies per-call modes in order before the global one", async () => {
    executor.setMode({ result: "global" });
    executor.setMode({ result: "first" }, { once: true });
    executor.setMode({ fail: "second" }, { once: true });
    expect(await (await execute()).json()).toEqual({ result: "first" });
    expect(await (await execute()).json()).toEqual({ error: "second" });
    expect(await (await execute()).json()).toEqual({ result: "global" });
  });

  it("is slow with slowMs, and records a client that gave up", async () => {
    executor.setMode({ slowMs: 80, result: "late" }, { once: true });
    const started = Date.now();
    expect(await (await execute()).json()).toEqual({ result: "late" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);

    executor.setMode({ slowMs: 5_000 });
    const aborted = await execute(body, "s3cret", AbortSignal.timeout(50)).catch((e) => e);
    expect(aborted).toBeInstanceOf(Error);
    for (let i = 0; i < 50 && !executor.requests[1]?.aborted; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(executor.requests[1]?.aborted).toBe(true);
  });
});
