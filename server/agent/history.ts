import type Anthropic from "@anthropic-ai/sdk";
import { modelToolName } from "@/server/agent/tool-names";

// What the model sees of a thread's past: the latest messages, cut at a user message so a tool
// call is never separated from its result, converted to the Messages API's alternating turns.

export const HISTORY_LIMIT = 100;

export type StoredToolCall = { id: string; name: string; arguments: unknown };

export type StoredMessage = {
  role: "user" | "assistant" | "system" | "tool";
  content: string;
  toolCalls: unknown;
  toolCallId: string | null;
  isError: boolean;
};

const MISSING_RESULT = "No result was recorded for this tool call.";

/** The latest `limit` messages, starting at a user message (never mid tool exchange). */
export function historyWindow<M extends StoredMessage>(messages: M[], limit = HISTORY_LIMIT): M[] {
  const window = messages.slice(-limit);
  const start = window.findIndex((message) => message.role === "user");
  return start === -1 ? [] : window.slice(start);
}

export function storedToolCalls(value: unknown): StoredToolCall[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (call): call is StoredToolCall =>
      typeof call === "object" &&
      call !== null &&
      typeof (call as StoredToolCall).id === "string" &&
      typeof (call as StoredToolCall).name === "string",
  );
}

type Block = Anthropic.ContentBlockParam;
type Turn = { role: "user" | "assistant"; content: Block[] };

function toBlocks(message: StoredMessage): Turn | null {
  switch (message.role) {
    case "user":
      return message.content
        ? { role: "user", content: [{ type: "text", text: message.content }] }
        : null;
    case "assistant": {
      const content: Block[] = [];
      if (message.content) content.push({ type: "text", text: message.content });
      for (const call of storedToolCalls(message.toolCalls)) {
        const input =
          typeof call.arguments === "object" && call.arguments !== null ? call.arguments : {};
        content.push({ type: "tool_use", id: call.id, name: modelToolName(call.name), input });
      }
      return content.length > 0 ? { role: "assistant", content } : null;
    }
    case "tool":
      if (!message.toolCallId) return null;
      return {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: message.toolCallId,
            content: message.content,
            ...(message.isError && { is_error: true }),
          },
        ],
      };
    case "system":
      return null;
  }
}

/**
 * Stored messages → the Messages API's turns: consecutive messages of one role merged, every
 * tool_use answered in the next user turn (a result that was never recorded, e.g. after a
 * crash, is answered as an error), results placed first in their turn, and results that answer
 * no preceding call dropped. The API rejects a history that breaks any of these.
 */
export function toModelMessages(messages: StoredMessage[]): Anthropic.MessageParam[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    const turn = toBlocks(message);
    if (!turn) continue;
    const last = turns.at(-1);
    if (last && last.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  }
  const result: Turn[] = [];
  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index]!;
    if (turn.role === "assistant") {
      result.push(turn);
      continue;
    }
    const previous = result.at(-1);
    const calls =
      previous?.role === "assistant"
        ? previous.content.flatMap((block) => (block.type === "tool_use" ? [block.id] : []))
        : [];
    const results = new Map<string, Block>();
    const others: Block[] = [];
    for (const block of turn.content) {
      if (block.type === "tool_result") {
        if (calls.includes(block.tool_use_id)) results.set(block.tool_use_id, block);
      } else others.push(block);
    }
    const answered = calls.map(
      (id): Block =>
        results.get(id) ?? {
          type: "tool_result",
          tool_use_id: id,
          content: MISSING_RESULT,
          is_error: true,
        },
    );
    const content = [...answered, ...others];
    if (content.length > 0) result.push({ role: "user", content });
  }
  // A trailing assistant tool call with no user turn after it gets its missing results too.
  const last = result.at(-1);
  if (last?.role === "assistant") {
    const open = last.content.flatMap((block) => (block.type === "tool_use" ? [block.id] : []));
    if (open.length > 0) {
      result.push({
        role: "user",
        content: open.map((id) => ({
          type: "tool_result" as const,
          tool_use_id: id,
          content: MISSING_RESULT,
          is_error: true,
        })),
      });
    }
  }
  while (result[0] && result[0].role !== "user") result.shift();
  return result;
}
