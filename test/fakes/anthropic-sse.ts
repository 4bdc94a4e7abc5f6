import type {
  Message,
  RawMessageStreamEvent,
  TextBlock,
  ToolUseBlock,
} from "@anthropic-ai/sdk/resources/messages";
import {
  fakeId,
  type FakeBlock,
  type FakeMessageResponse,
  type FakeStopReason,
  type FakeUsage,
} from "@/test/fakes/anthropic-script";

// The Messages API wire format of a fake answer (./anthropic-script.ts): the Message as JSON, or
// the SSE events the SDK's stream parser reads, in the API's order: message_start (usage with
// input and cache tokens), content_block_start, ping (after the first block's start),
// content_block_delta (text_delta per word, input_json_delta in chunks after an empty one),
// content_block_stop, message_delta (stop_reason, usage.output_tokens), message_stop. The objects
// are typed against the installed SDK's own types, so a field it requires is never left out.

export function errorBody(type: string, message: string, requestId: string) {
  return { type: "error", error: { type, message }, request_id: requestId };
}

/** Rough token count (4 characters a token), at least 1. */
export function estimateTokens(value: unknown): number {
  const chars = typeof value === "string" ? value.length : (JSON.stringify(value) ?? "").length;
  return Math.max(1, Math.ceil(chars / 4));
}

function blockJSON(block: FakeBlock): string {
  return block.type === "tool_use" ? (block.rawInput ?? JSON.stringify(block.input ?? {})) : "";
}

export function resolveUsage(response: FakeMessageResponse, requestBody: unknown): FakeUsage {
  const output = response.content
    .map((block) => (block.type === "text" ? block.text : block.name + blockJSON(block)))
    .join("");
  return {
    input_tokens: response.usage?.input_tokens ?? estimateTokens(requestBody ?? ""),
    output_tokens: response.usage?.output_tokens ?? estimateTokens(output),
    cache_creation_input_tokens: response.usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: response.usage?.cache_read_input_tokens ?? 0,
  };
}

function toContentBlock(block: FakeBlock, complete: boolean): TextBlock | ToolUseBlock {
  if (block.type === "text") {
    return { type: "text", text: complete ? block.text : "", citations: null };
  }
  let input: unknown = {};
  if (complete) {
    try {
      input = block.rawInput !== undefined ? JSON.parse(block.rawInput) : (block.input ?? {});
    } catch {
      input = {};
    }
  }
  return {
    type: "tool_use",
    id: block.id,
    name: block.name,
    input,
    caller: { type: "direct" },
  };
}

function usageOf(usage: FakeUsage): Message["usage"] {
  return {
    ...usage,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cache_creation_input_tokens,
      ephemeral_1h_input_tokens: 0,
    },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: "standard",
    speed: null,
  };
}

/** The whole Message (the non-streaming JSON answer). */
export function toMessage(response: FakeMessageResponse, model: string, usage: FakeUsage): Message {
  return {
    id: response.id ?? fakeId("msg"),
    type: "message",
    role: "assistant",
    model,
    content: response.content.map((block) => toContentBlock(block, true)),
    stop_reason: response.stopReason,
    stop_sequence: response.stopSequence ?? null,
    stop_details: stopDetails(response.stopReason),
    container: null,
    diagnostics: null,
    usage: usageOf(usage),
  };
}

function stopDetails(reason: FakeStopReason): Message["stop_details"] {
  return reason === "refusal" ? { type: "refusal", category: null, explanation: null } : null;
}

function chunks(value: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out;
}

export function textPieces(value: string, chunkChars?: number): string[] {
  if (value === "") return [];
  if (chunkChars !== undefined) return chunks(value, Math.max(1, chunkChars));
  return value.match(/\s*\S+\s*/g) ?? [value];
}

export type FakeStreamEvent = RawMessageStreamEvent | { type: "ping" };

/** The SSE events of one streamed message, in the order the API sends them. */
export function streamEvents(
  response: FakeMessageResponse,
  model: string,
  usage: FakeUsage,
): FakeStreamEvent[] {
  const start = toMessage(response, model, { ...usage, output_tokens: 1 });
  const events: FakeStreamEvent[] = [
    {
      type: "message_start",
      message: {
        ...start,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
      },
    },
  ];
  response.content.forEach((block, index) => {
    events.push({
      type: "content_block_start",
      index,
      content_block: toContentBlock(block, false),
    });
    if (index === 0) events.push({ type: "ping" });
    if (block.type === "text") {
      for (const piece of textPieces(block.text, response.textChunkChars)) {
        events.push({
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: piece },
        });
      }
    } else {
      const json = blockJSON(block);
      const size = response.jsonChunkChars ?? Math.max(1, Math.ceil(json.length / 3));
      // The API's first input_json_delta is often empty; the SDK must cope.
      for (const partial of ["", ...chunks(json, size)]) {
        events.push({
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: partial },
        });
      }
    }
    events.push({ type: "content_block_stop", index });
  });
  events.push({
    type: "message_delta",
    delta: {
      stop_reason: response.stopReason,
      stop_sequence: response.stopSequence ?? null,
      stop_details: stopDetails(response.stopReason),
      container: null,
    },
    usage: {
      output_tokens: usage.output_tokens,
      input_tokens: null,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
      output_tokens_details: null,
      server_tool_use: null,
    },
  });
  events.push({ type: "message_stop" });
  return events;
}

/** One SSE frame: `event: <type>` and `data: <json>`, then a blank line. */
export function sseFrame(event: { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
