import type { UIMessage } from "ai";

// A thread's stored messages as the AI SDK's UI messages, so the playground shows a thread it
// reopens exactly as it showed it live: a turn's assistant and tool messages become one
// assistant message (its id the turn's execution id, as in the stream's `start` part), each tool
// call a tool part with its result or error.

export type StoredMessageView = {
  id: string;
  role: "user" | "assistant" | "system" | "tool";
  content: string;
  toolCalls: unknown;
  toolCallId: string | null;
  isError: boolean;
  executionId: string | null;
};

export type TurnMetadata = { threadId?: string; executionId?: string; stopReason?: string | null };
export type ChatMessage = UIMessage<TurnMetadata>;
type Part = ChatMessage["parts"][number];

type StoredCall = { id: string; name: string; arguments: unknown };

function callsOf(value: unknown): StoredCall[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (call): call is StoredCall =>
      typeof call === "object" &&
      call !== null &&
      typeof call.id === "string" &&
      typeof call.name === "string",
  );
}

function parseOutput(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

/**
 * Converts stored messages (oldest first). Messages of `skipExecutionId` other than its user
 * message are left out: that turn is still running and its stream is rejoined instead.
 */
export function storedToUIMessages(
  messages: StoredMessageView[],
  options: { threadId?: string; skipExecutionId?: string | null } = {},
): ChatMessage[] {
  const results = new Map<string, StoredMessageView>();
  for (const message of messages) {
    if (message.role === "tool" && message.toolCallId) results.set(message.toolCallId, message);
  }
  const out: ChatMessage[] = [];
  let current: ChatMessage | null = null;
  for (const message of messages) {
    if (message.role === "system" || message.role === "tool") continue;
    if (message.role === "user") {
      current = null;
      out.push({ id: message.id, role: "user", parts: [{ type: "text", text: message.content }] });
      continue;
    }
    if (options.skipExecutionId && message.executionId === options.skipExecutionId) continue;
    const turnId = message.executionId ?? message.id;
    if (!current || current.id !== turnId) {
      current = {
        id: turnId,
        role: "assistant",
        metadata: { threadId: options.threadId, executionId: message.executionId ?? undefined },
        parts: [],
      };
      out.push(current);
    }
    if (message.content) current.parts.push({ type: "text", text: message.content, state: "done" });
    for (const call of callsOf(message.toolCalls)) {
      const result = results.get(call.id);
      const base = { type: `tool-${call.name}`, toolCallId: call.id, input: call.arguments };
      current.parts.push(
        (!result
          ? { ...base, state: "input-available" }
          : result.isError
            ? { ...base, state: "output-error", errorText: result.content }
            : { ...base, state: "output-available", output: parseOutput(result.content) }) as Part,
      );
    }
  }
  return out;
}
