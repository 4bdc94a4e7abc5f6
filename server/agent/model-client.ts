import Anthropic from "@anthropic-ai/sdk";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";

// The only code that talks to the model. Every call streams (`messages.stream`), so text reaches
// a streaming client as the model produces it; a JSON caller collects the same events. The SDK
// retries 408/409/429/5xx itself (honouring retry-after) before the stream starts.

export type ModelProvider = { client(): Anthropic };

export const NO_MODEL_PROVIDER =
  "No model provider is configured: set ANTHROPIC_API_KEY to let agents chat";

let cached: { key: string; baseURL: string | undefined; client: Anthropic } | undefined;

/** The provider configured by ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL); 503 without a key. */
export const envModelProvider: ModelProvider = {
  client() {
    const { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: baseURL } = env();
    if (!key) throw new AppError("SERVICE_UNAVAILABLE", NO_MODEL_PROVIDER);
    if (cached?.key !== key || cached.baseURL !== baseURL) {
      cached = { key, baseURL, client: new Anthropic({ apiKey: key, baseURL, maxRetries: 2 }) };
    }
    return cached.client;
  },
};

export type ModelUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export type AssembledBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown; inputError?: string };

export type ModelCallResult = {
  content: AssembledBlock[];
  stopReason: Anthropic.StopReason | null;
  usage: ModelUsage;
  /** The call was aborted (cancel or timeout) before the model finished. */
  aborted: boolean;
};

/** What the loop hears while a call streams (to write stream parts as they happen). */
export type ModelCallListener = {
  textStart(index: number): void;
  textDelta(index: number, delta: string): void;
  textEnd(index: number): void;
  toolStart(index: number, id: string, name: string): void;
  toolInput(index: number, block: Extract<AssembledBlock, { type: "tool_use" }>): void;
};

type OpenBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; json: string }
  | { type: "other" };

function parseToolInput(json: string): { input: unknown; inputError?: string } {
  if (json.trim() === "") return { input: {} };
  try {
    return { input: JSON.parse(json) };
  } catch {
    return { input: {}, inputError: "The model sent tool input that is not valid JSON" };
  }
}

function addUsage(usage: ModelUsage, from: Partial<Anthropic.MessageDeltaUsage> | undefined) {
  if (!from) return;
  if (typeof from.input_tokens === "number") usage.inputTokens = from.input_tokens;
  if (typeof from.output_tokens === "number") usage.outputTokens = from.output_tokens;
  if (typeof from.cache_read_input_tokens === "number")
    usage.cacheReadTokens = from.cache_read_input_tokens;
  if (typeof from.cache_creation_input_tokens === "number")
    usage.cacheWriteTokens = from.cache_creation_input_tokens;
}

/**
 * One streamed model call. Returns what was produced even when `signal` aborts it midway (the
 * partial text is kept); throws the SDK's error for anything else.
 */
export async function streamModelCall(
  client: Anthropic,
  params: Anthropic.MessageCreateParamsNonStreaming,
  signal: AbortSignal,
  listener: ModelCallListener,
): Promise<ModelCallResult> {
  const usage: ModelUsage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  };
  const blocks = new Map<number, OpenBlock>();
  const content: AssembledBlock[] = [];
  let stopReason: Anthropic.StopReason | null = null;

  const close = (index: number) => {
    const block = blocks.get(index);
    blocks.delete(index);
    if (!block || block.type === "other") return;
    if (block.type === "text") {
      listener.textEnd(index);
      if (block.text) content.push({ type: "text", text: block.text });
      return;
    }
    const assembled = {
      type: "tool_use" as const,
      id: block.id,
      name: block.name,
      ...parseToolInput(block.json),
    };
    listener.toolInput(index, assembled);
    content.push(assembled);
  };

  try {
    // The raw event stream, not `messages.stream`: its accumulator fails the whole call on tool
    // input that is not valid JSON, where the model should rather be told about it.
    const stream = await client.messages.create({ ...params, stream: true }, { signal });
    for await (const event of stream) {
      // Events already buffered keep coming after an abort: stop reading them.
      if (signal.aborted) break;
      switch (event.type) {
        case "message_start":
          addUsage(usage, event.message.usage);
          break;
        case "content_block_start": {
          const block = event.content_block;
          if (block.type === "text") {
            blocks.set(event.index, { type: "text", text: block.text });
            listener.textStart(event.index);
            if (block.text) listener.textDelta(event.index, block.text);
          } else if (block.type === "tool_use") {
            blocks.set(event.index, { type: "tool_use", id: block.id, name: block.name, json: "" });
            listener.toolStart(event.index, block.id, block.name);
          } else blocks.set(event.index, { type: "other" });
          break;
        }
        case "content_block_delta": {
          const block = blocks.get(event.index);
          if (event.delta.type === "text_delta" && block?.type === "text") {
            block.text += event.delta.text;
            listener.textDelta(event.index, event.delta.text);
          } else if (event.delta.type === "input_json_delta" && block?.type === "tool_use") {
            block.json += event.delta.partial_json;
          }
          break;
        }
        case "content_block_stop":
          close(event.index);
          break;
        case "message_delta":
          stopReason = event.delta.stop_reason ?? stopReason;
          addUsage(usage, event.usage);
          break;
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  if (signal.aborted) {
    // Keep the text produced so far; a tool call the model had not finished is dropped.
    for (const [index, block] of blocks) {
      if (block.type === "text") close(index);
    }
    return { content, stopReason, usage, aborted: true };
  }
  return { content, stopReason, usage, aborted: false };
}

/** A model error as the client sees it: a status and a message without internals. */
export function modelErrorToAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Anthropic.APIConnectionTimeoutError)
    return new AppError("GATEWAY_TIMEOUT", "The model provider did not answer in time");
  if (error instanceof Anthropic.RateLimitError)
    return new AppError(
      "BAD_GATEWAY",
      "The model provider is rate limiting requests; try again shortly",
    );
  if (error instanceof Anthropic.APIError && error.status === 529)
    return new AppError("BAD_GATEWAY", "The model provider is overloaded; try again shortly");
  if (
    error instanceof Anthropic.AuthenticationError ||
    error instanceof Anthropic.PermissionDeniedError
  )
    return new AppError("BAD_GATEWAY", "The model provider refused the configured API key");
  if (error instanceof Anthropic.BadRequestError || error instanceof Anthropic.NotFoundError)
    return new AppError(
      "BAD_GATEWAY",
      "The model provider rejected the request (check the agent's model settings)",
    );
  if (error instanceof Anthropic.APIError)
    return new AppError("BAD_GATEWAY", "The model provider returned an error");
  return new AppError(
    "BAD_GATEWAY",
    "The model provider could not be reached or its stream broke off",
  );
}
