import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A fake of our custom-tool executor (TOOL_EXECUTOR_URL / TOOL_EXECUTOR_SECRET) on 127.0.0.1:
// `POST /execute` with `Authorization: Bearer <secret>` and `{handlerCode, args, context}`
// answers `{result: {echo: args, context}}`; a wrong or missing secret answers 401
// `{error:"Unauthorized"}`, a body without a string handlerCode 400 `{error}`. Modes change the
// answer for every call (`setMode(mode)`) or for the next calls only (`setMode(mode, {once:
// true})`, used in order before the global mode):
//   slowMs   wait first (combines with the others; a client abort ends the wait)
//   fail     500 `{error: fail}` (a string, or `{status, error}`)
//   result   200 `{result}` with that fixed value
//   handler  200 `{result: await handler(body)}`; a throw answers 500 `{error: message}`
// GET /health answers 200 (not recorded).

export type ExecutorBody = { handlerCode: string; args: unknown; context: unknown };

export type ExecutorMode = {
  slowMs?: number;
  fail?: string | { status?: number; error: string };
  result?: unknown;
  handler?: (body: ExecutorBody) => unknown;
};

export type ExecutorRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: ExecutorBody | undefined;
  /** The bearer secret matched. */
  authorized: boolean;
  time: number;
  /** The client went away before the answer (e.g. its timeout fired during slowMs). */
  aborted: boolean;
};

export type FakeToolExecutor = {
  url: string;
  /** Every request but GET /health (the same array across reset()). */
  requests: ExecutorRequest[];
  /** `null` clears the global mode (back to the echo); `once` queues the mode for one call. */
  setMode(mode: ExecutorMode | null, options?: { once?: boolean }): void;
  reset(): void;
  close(): Promise<void>;
};

function send(res: ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function parse(raw: string): ExecutorBody | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" ? (value as ExecutorBody) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export async function startFakeToolExecutor(options: {
  secret: string;
  port?: number;
}): Promise<FakeToolExecutor> {
  const requests: ExecutorRequest[] = [];
  const once: ExecutorMode[] = [];
  let mode: ExecutorMode | null = null;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (req.method === "GET" && path === "/health") return send(res, 200, { status: "ok" });
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const authorized = headers.authorization === `Bearer ${options.secret}`;
    const record: ExecutorRequest = {
      method: req.method ?? "GET",
      path,
      headers,
      body: parse(raw),
      authorized,
      time: Date.now(),
      aborted: false,
    };
    requests.push(record);
    const closed = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) record.aborted = true;
      closed.abort();
    });

    if (req.method !== "POST" || path !== "/execute") return send(res, 404, { error: "Not found" });
    if (!authorized) return send(res, 401, { error: "Unauthorized" });
    const body = record.body;
    if (!body || typeof body.handlerCode !== "string") {
      return send(res, 400, { error: "Expected {handlerCode, args, context}" });
    }
    const current = once.shift() ?? mode ?? {};
    if (current.slowMs) await sleep(current.slowMs, closed.signal);
    if (closed.signal.aborted) return;
    if (current.fail !== undefined) {
      const fail = typeof current.fail === "string" ? { error: current.fail } : current.fail;
      return send(res, fail.status ?? 500, { error: fail.error });
    }
    if (current.handler) {
      try {
        return send(res, 200, { result: await current.handler(body) });
      } catch (error) {
        return send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    if ("result" in current) return send(res, 200, { result: current.result });
    send(res, 200, { result: { echo: body.args, context: body.context } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      send(res, 500, { error: `fake executor failed: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(next, { once: forOne = false } = {}) {
      if (forOne && next) once.push(next);
      else mode = next;
    },
    reset() {
      requests.length = 0;
      once.length = 0;
      mode = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
