import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDefaultResponder } from "@/test/fakes/anthropic-responder";
import {
  fakeClock,
  type FakeMessageResponse,
  type FakeRequest,
  type FakeResponse,
  type Responder,
} from "@/test/fakes/anthropic-script";
import {
  errorBody,
  estimateTokens,
  resolveUsage,
  sseFrame,
  streamEvents,
  toMessage,
} from "@/test/fakes/anthropic-sse";

// A scripted fake of Anthropic's Messages API over real HTTP on 127.0.0.1, for the real SDK:
// `new Anthropic({ apiKey: "test", baseURL: fake.url })`. Each POST /v1/messages takes the next
// scripted answer (`fake.script(text("Hi"), toolUse([...]), httpError(529))`), else the
// responder set with `setResponder`, else the default responder, which follows markers in the
// last user turn (`[tool:entity_query {"type":"student"}]`, `[slow]`, `[error:529]`, ...; see
// ./anthropic-responder.ts). A request with `stream: true` gets SSE events, split into several
// deltas; others get the Message as JSON. Delivery options (./anthropic-script.ts) make the first
// token slow, pace the deltas, cut the stream, or hang until the client aborts. Also answers
// POST /v1/messages/count_tokens (an estimate) and GET /health (200, not recorded).
// Each recorded request carries its timing (`request.timing`: arrival, each text delta written,
// the answer's end, on the machine's clock), and `onAnswered` hears of each ended exchange.

export * from "@/test/fakes/anthropic-script";
export { sseFrame, streamEvents, toMessage } from "@/test/fakes/anthropic-sse";
export {
  createDefaultResponder,
  parseToolMarkers,
  slowText,
} from "@/test/fakes/anthropic-responder";

export type FakeAnthropicOptions = {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, a request with another key (x-api-key or bearer) answers 401 authentication_error. */
  apiKey?: string;
  /** The responder used when nothing is scripted (default: the marker responder). */
  responder?: Responder;
  /**
   * Called once per recorded request when its exchange has ended (answered, cut, or closed by
   * the client), `request.timing.endedAt` set: e.g. to time the model's share of a turn.
   */
  onAnswered?: (request: FakeRequest) => void;
};

export type FakeAnthropic = {
  /** The baseURL to give the SDK, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** Every request but GET /health, in arrival order (the same array across reset()). */
  requests: FakeRequest[];
  /** Queues answers for the next POST /v1/messages calls, in order. */
  script(...responses: Array<FakeResponse | Responder>): void;
  /** Scripted answers not used yet. */
  pending(): number;
  /** The responder for calls when the queue is empty; null restores the default responder. */
  setResponder(responder: Responder | null): void;
  /** Resolves once `count` requests were recorded (rejects after timeoutMs, default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<FakeRequest[]>;
  /** Forgets requests, the queue, the responder and the default responder's memory. */
  reset(): void;
  /** Stops listening and destroys open connections (hanging requests included). */
  close(): Promise<void>;
};

function sleep(ms: number | undefined, signal: AbortSignal): Promise<void> {
  if (!ms || ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

const untilAborted = (signal: AbortSignal) => sleep(2 ** 31 - 1, signal);

function write(res: ServerResponse, chunk: string, signal: AbortSignal): Promise<void> {
  if (res.destroyed || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    res.write(chunk, done);
  });
}

function sendJSON(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function recordOf(
  req: IncomingMessage,
  path: string,
  rawBody: string,
  arrivedAt: number,
): FakeRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  let body: FakeRequest["body"];
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  const apiKey = headers["x-api-key"] ?? /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  const method = req.method ?? "GET";
  return {
    method,
    path,
    headers,
    apiKey,
    body,
    rawBody,
    time: Date.now(),
    aborted: false,
    timing: { arrivedAt, textDeltaAt: [] },
  };
}

type Exchange = {
  res: ServerResponse;
  record: FakeRequest;
  requestId: string;
  signal: AbortSignal;
  /** Marks the close that follows as ours (not the client's abort). */
  cut(): void;
};

async function streamMessage(ex: Exchange, response: FakeMessageResponse, headers: object) {
  const { res, record, signal } = ex;
  const model = response.model ?? record.body?.model ?? "claude-fake";
  const usage = resolveUsage(response, record.body);
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...headers,
  });
  res.flushHeaders();
  const events = streamEvents(response, model, usage);
  let deltas = 0;
  for (let i = 0; i <= events.length; i++) {
    if (response.cutAfterEvents === i) {
      ex.cut();
      res.destroy();
      return;
    }
    if (response.hangAfterEvents === i) return untilAborted(signal);
    const streamError = response.streamError;
    if (streamError?.afterEvents === i) {
      const type = streamError.type ?? "overloaded_error";
      const body = errorBody(type, streamError.message ?? "Overloaded", ex.requestId);
      await write(res, `event: error\ndata: ${JSON.stringify(body)}\n\n`, signal);
      res.end();
      return;
    }
    const event = events[i];
    if (!event) break;
    if (event.type === "content_block_delta") {
      await sleep(deltas++ === 0 ? response.firstTokenDelayMs : response.deltaDelayMs, signal);
    }
    if (signal.aborted) return;
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
      record.timing.textDeltaAt.push(fakeClock());
    }
    await write(res, sseFrame(event), signal);
  }
  res.end();
}

async function deliver(ex: Exchange, response: FakeResponse): Promise<void> {
  const { res, record, signal } = ex;
  await sleep(response.responseDelayMs, signal);
  if (response.hang) return untilAborted(signal);
  if (signal.aborted) return;
  const headers = { "request-id": ex.requestId, ...response.headers };
  if (response.kind === "error") {
    await sleep(response.firstTokenDelayMs, signal);
    const body = errorBody(response.type, response.message, ex.requestId);
    return sendJSON(res, response.status, body, headers);
  }
  if (record.body?.stream === true) return streamMessage(ex, response, headers);
  // Non-streaming: the whole Message once the first token would have come; a cut drops it.
  await sleep(response.firstTokenDelayMs, signal);
  if (signal.aborted) return;
  if (response.cutAfterEvents !== undefined) {
    ex.cut();
    res.destroy();
    return;
  }
  const model = response.model ?? record.body?.model ?? "claude-fake";
  const usage = resolveUsage(response, record.body);
  sendJSON(res, 200, toMessage(response, model, usage), headers);
}

export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const requests: FakeRequest[] = [];
  const queue: Array<FakeResponse | Responder> = [];
  let responder: Responder | null = options.responder ?? null;
  let fallback = createDefaultResponder();
  let counter = 0;
  const waiters = new Set<() => void>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (req.method === "GET" && path === "/health") return sendJSON(res, 200, { status: "ok" });
    const arrivedAt = fakeClock();
    const rawBody = await readBody(req);
    const record = recordOf(req, path, rawBody, arrivedAt);
    requests.push(record);
    for (const wake of waiters) wake();

    const closed = new AbortController();
    let cutByUs = false;
    res.on("finish", () => void (record.timing.endedAt ??= fakeClock()));
    res.on("close", () => {
      record.timing.endedAt ??= fakeClock();
      if (!res.writableFinished && !cutByUs) record.aborted = true;
      closed.abort();
      options.onAnswered?.(record);
    });
    const requestId = `req_fake_${++counter}`;
    const ex: Exchange = {
      res,
      record,
      requestId,
      signal: closed.signal,
      cut: () => (cutByUs = true),
    };

    if (options.apiKey !== undefined && record.apiKey !== options.apiKey) {
      const body = errorBody("authentication_error", "invalid x-api-key", requestId);
      return sendJSON(res, 401, body, { "request-id": requestId });
    }
    if (req.method === "POST" && path === "/v1/messages/count_tokens") {
      const { messages, system, tools } = record.body ?? {};
      return sendJSON(res, 200, { input_tokens: estimateTokens({ messages, system, tools }) });
    }
    if (req.method === "POST" && path === "/v1/messages") {
      const next = queue.shift() ?? responder ?? ((request: FakeRequest) => fallback(request));
      const response = typeof next === "function" ? await next(record, fallback) : next;
      return deliver(ex, response);
    }
    const body = errorBody("not_found_error", `${req.method} ${path} is not faked`, requestId);
    sendJSON(res, 404, body, { "request-id": requestId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendJSON(res, 500, errorBody("api_error", `fake failed: ${String(error)}`, "req_fake_error"));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    script: (...responses) => void queue.push(...responses),
    pending: () => queue.length,
    setResponder: (next) => void (responder = next),
    waitForRequests(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake Anthropic: ${requests.length} of ${count} requests arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      responder = options.responder ?? null;
      fallback = createDefaultResponder();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
