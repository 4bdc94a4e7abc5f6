import { randomUUID } from "node:crypto";
import type { MessageParam, StopReason } from "@anthropic-ai/sdk/resources/messages";

// What the fake Anthropic server (./anthropic.ts) answers, the requests it records, and the
// builders that make answers concisely: `text("Hello")`, `toolUse([{ name, input }])`,
// `httpError(429, { retryAfterMs: 1 })`. ./anthropic-sse.ts turns an answer into the wire format.

export type FakeStopReason = Extract<
  StopReason,
  "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | "refusal"
>;

export type FakeBlock =
  | { type: "text"; text: string }
  /** `rawInput`, when given, is streamed instead of JSON.stringify(input) (e.g. broken JSON). */
  | { type: "tool_use"; id: string; name: string; input: unknown; rawInput?: string };

export type FakeUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
};

/** How an answer is delivered; every field is optional. */
export type FakeDelivery = {
  /** Wait before the status line and headers. */
  responseDelayMs?: number;
  /** Wait before the first content_block_delta (headers and message_start go out at once). */
  firstTokenDelayMs?: number;
  /** Wait before each later content_block_delta. */
  deltaDelayMs?: number;
  /** Destroy the socket after this many SSE events were written (ping included): a cut stream. */
  cutAfterEvents?: number;
  /** Never answer (no headers): the request stays open until the client aborts. */
  hang?: boolean;
  /** Write this many SSE events, then stay silent until the client aborts. */
  hangAfterEvents?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
};

export type FakeMessageResponse = FakeDelivery & {
  kind: "message";
  content: FakeBlock[];
  stopReason: FakeStopReason;
  stopSequence?: string | null;
  /** Missing counts: input estimated from the request, output from the content, cache 0. */
  usage?: Partial<FakeUsage>;
  id?: string;
  /** Default: the request's model. */
  model?: string;
  /** Characters per text_delta; default one word (with its trailing space) per delta. */
  textChunkChars?: number;
  /** Characters per input_json_delta; default a third of the JSON (at least 1). */
  jsonChunkChars?: number;
  /** Send an SSE `error` event after this many events and end the stream (mid-stream error). */
  streamError?: { afterEvents: number; type?: string; message?: string };
};

export type FakeErrorResponse = FakeDelivery & {
  kind: "error";
  status: number;
  type: string;
  message: string;
};

export type FakeResponse = FakeMessageResponse | FakeErrorResponse;

/** A request the fake received, recorded in `fake.requests`. */
export type FakeRequest = {
  method: string;
  path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The key the client sent: `x-api-key`, else the `Authorization: Bearer` token (SDK 1.15
   * sends its apiKey as a bearer token). */
  apiKey: string | undefined;
  /** The parsed JSON body (undefined when there was none or it was not JSON). */
  body: FakeRequestBody | undefined;
  rawBody: string;
  /** Date.now() when the request arrived. */
  time: number;
  /** The client went away before the answer was complete (an abort, a Stop). */
  aborted: boolean;
  /** When the fake received it, wrote its text deltas and ended its answer. */
  timing: FakeTiming;
};

/**
 * Times on the machine's clock, comparable across its processes: epoch milliseconds with
 * sub-millisecond precision (`performance.timeOrigin + performance.now()`, see `fakeClock`).
 */
export type FakeTiming = {
  /** When the request's headers arrived (before its body was read). */
  arrivedAt: number;
  /** Just before each `text_delta` event of a streamed answer was written, in order. */
  textDeltaAt: number[];
  /** When the answer's last byte was handed to the socket, or the connection closed first. */
  endedAt?: number;
};

/** The clock of `FakeTiming`: epoch milliseconds, sub-millisecond, monotonic in a process. */
export function fakeClock(): number {
  return performance.timeOrigin + performance.now();
}

export type FakeRequestBody = {
  model?: string;
  stream?: boolean;
  max_tokens?: number;
  messages?: MessageParam[];
  system?: unknown;
  tools?: unknown[];
  [key: string]: unknown;
};

/** Answers a request; `fallback` is the default responder (markers), to delegate to. */
export type Responder = (
  request: FakeRequest,
  fallback: (request: FakeRequest) => FakeResponse,
) => FakeResponse | Promise<FakeResponse>;

export type MessageOptions = FakeDelivery &
  Partial<Omit<FakeMessageResponse, "kind" | "content" | keyof FakeDelivery>>;

export function fakeId(prefix: string): string {
  return `${prefix}_fake_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

/** A message with the given blocks (stop_reason end_turn unless a tool_use block is present). */
export function message(content: FakeBlock[], options: MessageOptions = {}): FakeMessageResponse {
  const hasTool = content.some((block) => block.type === "tool_use");
  return { kind: "message", content, stopReason: hasTool ? "tool_use" : "end_turn", ...options };
}

/** A text answer, e.g. `text("Hello")` or `text("Hi", { stopReason: "max_tokens" })`. */
export function text(value: string, options: MessageOptions = {}): FakeMessageResponse {
  return message([{ type: "text", text: value }], options);
}

export type FakeToolCall = { name: string; input?: unknown; id?: string; rawInput?: string };

/** One message with several tool_use blocks (optionally after a text block); stop_reason tool_use. */
export function toolUse(
  calls: FakeToolCall[],
  options: MessageOptions & { text?: string } = {},
): FakeMessageResponse {
  const { text: lead, ...rest } = options;
  const blocks: FakeBlock[] = calls.map((call) => ({
    type: "tool_use",
    id: call.id ?? fakeId("toolu"),
    name: call.name,
    input: call.input ?? {},
    ...(call.rawInput !== undefined && { rawInput: call.rawInput }),
  }));
  if (lead !== undefined) blocks.unshift({ type: "text", text: lead });
  return message(blocks, rest);
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/**
 * An HTTP error in the API's shape `{type:"error", error:{type, message}}`. `retryAfter` sends
 * `retry-after` (seconds), `retryAfterMs` sends `retry-after-ms`. The SDK ignores a zero or
 * negative delay and backs off 0.5-8 s instead: for an instant retry send `retryAfterMs: 1`.
 * `shouldRetry` sends `x-should-retry`, which the SDK obeys over its own status rules.
 */
export function httpError(
  status: number,
  options: FakeDelivery & {
    type?: string;
    message?: string;
    retryAfter?: number | string;
    retryAfterMs?: number;
    shouldRetry?: boolean;
  } = {},
): FakeErrorResponse {
  const {
    type,
    message: text,
    retryAfter,
    retryAfterMs,
    shouldRetry,
    headers,
    ...delivery
  } = options;
  const extra: Record<string, string> = { ...headers };
  if (retryAfter !== undefined) extra["retry-after"] = String(retryAfter);
  if (retryAfterMs !== undefined) extra["retry-after-ms"] = String(retryAfterMs);
  if (shouldRetry !== undefined) extra["x-should-retry"] = String(shouldRetry);
  return {
    kind: "error",
    status,
    type: type ?? ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"),
    message: text ?? `Fake ${status} error`,
    headers: extra,
    ...delivery,
  };
}
