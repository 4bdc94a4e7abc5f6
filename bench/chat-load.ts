import http from "node:http";
import { fakeClock } from "@/test/fakes/anthropic-script";

// Load for bench/chat.ts: concurrent workers running an operation for a while (closed loop, or
// paced at a total rate), a keep-alive HTTP client that reads the UI message stream and times
// each text delta as its bytes arrive, and percentiles.

/** The clock of every timestamp here, the fake model's own (see FakeTiming). */
export const clock = fakeClock;

export type Percentiles = { n: number; p50: number; p95: number; p99: number; mean: number };

export function percentiles(samples: number[]): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export type LoadOptions = {
  concurrency: number;
  seconds: number;
  /** Operations per second over all workers, each worker on its own schedule; none: closed loop. */
  rate?: number;
  /** A bound on the operations whatever their speed. */
  maxOperations?: number;
  /** Stops after the operations running now. */
  signal?: AbortSignal;
  /** A phase stops once this many operations in a row failed. */
  maxConsecutiveErrors?: number;
};

export type LoadResult<T> = {
  results: T[];
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  /** Paced: operations that started later than their slot by more than a slot's length. */
  late: number;
  stoppedEarly: string | null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `operation` from `concurrency` workers until the time is up (or a bound is met). */
export async function runLoad<T>(
  options: LoadOptions,
  operation: (worker: number, index: number) => Promise<T>,
): Promise<LoadResult<T>> {
  const { concurrency, seconds, rate, signal } = options;
  const maxOperations = options.maxOperations ?? Math.ceil(seconds * 20_000);
  const maxConsecutive = options.maxConsecutiveErrors ?? 50;
  const results: T[] = [];
  let errors = 0;
  let consecutive = 0;
  let started = 0;
  let late = 0;
  let firstError: string | null = null;
  let stoppedEarly: string | null = null;
  const begin = clock();
  const deadline = begin + seconds * 1000;
  // Paced: worker w sends at begin + (w + k·concurrency) / rate, i.e. one slot every `interval`.
  const interval = rate ? (concurrency / rate) * 1000 : 0;

  const worker = async (w: number) => {
    for (let k = 0; ; k++) {
      if (signal?.aborted) stoppedEarly ??= "interrupted";
      if (stoppedEarly || started >= maxOperations) return;
      // Nothing starts after the deadline: a paced phase the server cannot keep up with ends
      // on time, its throughput short of the rate.
      if (clock() >= deadline) return;
      if (rate) {
        const slot = begin + (w / concurrency) * interval + k * interval;
        if (slot >= deadline) return;
        const wait = slot - clock();
        if (wait > 0) await sleep(wait);
        else if (-wait > interval) late++;
      }
      const index = started++;
      try {
        results.push(await operation(w, index));
        consecutive = 0;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (++consecutive >= maxConsecutive)
          stoppedEarly = `${consecutive} operations in a row failed`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { results, errors, firstError, elapsedMs: clock() - begin, late, stoppedEarly };
}

/** One streamed answer as the client read it. */
export type StreamedTurn = {
  /** Before the request was written. */
  startedAt: number;
  /** When the response ended (after `data: [DONE]`). */
  endedAt: number;
  /** When each text-delta part's bytes arrived, in order. */
  deltaAt: number[];
  toolOutputs: number;
  toolErrors: number;
  finished: boolean;
  done: boolean;
  /** An `error` part's or a tool error's text. */
  errorText: string | null;
};

export type ChatClient = {
  /** POSTs a JSON body that asks for the stream and reads it to its end. */
  stream(path: string, headers: Record<string, string>, body: unknown): Promise<StreamedTurn>;
  /** POSTs a JSON body and reads the answer whole; resolves its status. */
  status(path: string, headers: Record<string, string>, body: unknown): Promise<number>;
  close(): void;
};

/**
 * node:http with a keep-alive agent (one socket per worker at most): the leanest client Node
 * has, since it shares the machine's cores with the server it measures.
 */
export function createChatClient(baseUrl: string, maxSockets: number, timeoutMs = 30_000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const { hostname, port } = new URL(baseUrl);

  /** POSTs `body` as JSON; `onResponse` reads the answer, any failure goes to `reject`. */
  function post(
    path: string,
    headers: Record<string, string>,
    body: unknown,
    onResponse: (response: http.IncomingMessage) => void,
    reject: (error: Error) => void,
  ) {
    const payload = Buffer.from(JSON.stringify(body));
    const request = http.request(
      {
        agent,
        hostname,
        port,
        path,
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": payload.length,
        },
      },
      onResponse,
    );
    // An idle timeout: an answer that stops sending for this long fails.
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`nothing received for ${timeoutMs} ms`)),
    );
    request.on("error", reject);
    request.end(payload);
  }

  function stream(path: string, headers: Record<string, string>, body: unknown) {
    return new Promise<StreamedTurn>((resolve, reject) => {
      const turn: StreamedTurn = {
        startedAt: clock(),
        endedAt: NaN,
        deltaAt: [],
        toolOutputs: 0,
        toolErrors: 0,
        finished: false,
        done: false,
        errorText: null,
      };
      const onEvent = (event: string, at: number) => {
        for (const line of event.split("\n")) {
          if (!line.startsWith("data: ")) continue;
          const data = line.slice(6);
          if (data === "[DONE]") {
            turn.done = true;
            continue;
          }
          const part = JSON.parse(data) as { type: string; errorText?: string };
          if (part.type === "text-delta") turn.deltaAt.push(at);
          else if (part.type === "tool-output-available") turn.toolOutputs++;
          else if (part.type === "tool-output-error") {
            turn.toolErrors++;
            turn.errorText ??= `tool error: ${part.errorText}`;
          } else if (part.type === "error") turn.errorText = `error part: ${part.errorText}`;
          else if (part.type === "finish") turn.finished = true;
        }
      };
      post(
        path,
        { ...headers, accept: "text/event-stream" },
        body,
        (response) => {
          response.setEncoding("utf8");
          if (response.statusCode !== 200) {
            let text = "";
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () =>
              reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`)),
            );
            return;
          }
          let buffer = "";
          response.on("data", (chunk: string) => {
            const at = clock();
            buffer += chunk;
            for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
              onEvent(buffer.slice(0, cut), at);
              buffer = buffer.slice(cut + 2);
            }
          });
          response.on("end", () => {
            turn.endedAt = clock();
            resolve(turn);
          });
          response.on("error", reject);
        },
        reject,
      );
    });
  }

  function status(path: string, headers: Record<string, string>, body: unknown) {
    return new Promise<number>((resolve, reject) => {
      post(
        path,
        headers,
        body,
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
        reject,
      );
    });
  }

  return { stream, status, close: () => agent.destroy() } satisfies ChatClient;
}

/** GETs a URL until it answers 200, the process it waits for exits, or the time is up. */
export async function waitUntilHealthy(
  url: string,
  timeoutMs: number,
  exited: () => string | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`the server exited during start-up (${gone})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs} ms (${last})`);
}
