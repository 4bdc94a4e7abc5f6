import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

// The transcript of a thread as the dashboard shows it: messages paired with their tool results
// and grouped into turns. Pure, so the grouping is unit tested.

export type Thread = RouterOutputs["threads"]["list"]["items"][number];
export type Message = RouterOutputs["threads"]["getMessages"]["items"][number];
export type ThreadsListInput = Omit<RouterInputs["threads"]["list"], "cursor">;

export const THREADS_PAGE_SIZE = 25;
export const MESSAGES_PAGE_SIZE = 50;
/** The agent filter offers the first page of live agents (the API pages at 100). */
export const AGENT_OPTIONS_LIMIT = 100;

export function threadsListInput(agentId: string, externalId: string): ThreadsListInput {
  const external = externalId.trim();
  return {
    limit: THREADS_PAGE_SIZE,
    ...(agentId !== "" && { agentId }),
    ...(external !== "" && { externalId: external }),
  };
}

export function messagesInput(threadId: string) {
  return { threadId, limit: MESSAGES_PAGE_SIZE };
}

/**
 * The playground reopens a thread by its external id (the chat id useChat sends); a thread
 * without one (started through the API without it) cannot be continued there.
 */
export function playgroundHref(thread: Pick<Thread, "agentId" | "externalId">): string | null {
  if (!thread.externalId) return null;
  return `/agents/${thread.agentId}/playground?thread=${encodeURIComponent(thread.externalId)}`;
}

export type ToolResult = { content: string; isError: boolean };

export type ToolCall = {
  id: string;
  name: string;
  arguments: unknown;
  /** null while no result was recorded (a running or crashed turn). */
  result: ToolResult | null;
};

export type TranscriptItem =
  | { kind: "message"; message: Message; toolCalls: ToolCall[] }
  /** A tool result whose call is not in the loaded messages. */
  | { kind: "orphanResult"; message: Message };

export type Turn = {
  /** Stable across "Load more": the first message's id. */
  key: string;
  executionId: string | null;
  items: TranscriptItem[];
};

/** The tool calls stored on an assistant message (a JSON array of {id, name, arguments}). */
export function storedToolCalls(
  value: unknown,
): { id: string; name: string; arguments: unknown }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((call: unknown) => {
    if (typeof call !== "object" || call === null) return [];
    const { id, name, arguments: args } = call as Record<string, unknown>;
    return typeof id === "string" && typeof name === "string"
      ? [{ id, name, arguments: args ?? null }]
      : [];
  });
}

/** Each tool message is shown under the call it answers (matched by toolCallId), not on its own. */
export function transcriptItems(messages: readonly Message[]): TranscriptItem[] {
  const results = new Map<string, Message>();
  for (const message of messages) {
    if (message.role === "tool" && message.toolCallId) results.set(message.toolCallId, message);
  }
  const answered = new Set<string>();
  const items: TranscriptItem[] = [];
  for (const message of messages) {
    if (message.role === "tool") continue;
    const toolCalls = storedToolCalls(message.toolCalls).map((call) => {
      const result = results.get(call.id);
      if (result) answered.add(result.id);
      return {
        ...call,
        result: result ? { content: result.content, isError: result.isError } : null,
      };
    });
    items.push({ kind: "message", message, toolCalls });
  }
  // Results of calls that are not loaded go back where they were, in order.
  const orphans = messages.filter(
    (message) => message.role === "tool" && !answered.has(message.id),
  );
  if (orphans.length === 0) return items;
  const order = new Map(messages.map((message, index) => [message.id, index]));
  return [...items, ...orphans.map((message) => ({ kind: "orphanResult" as const, message }))].sort(
    (a, b) => order.get(a.message.id)! - order.get(b.message.id)!,
  );
}

/** Consecutive items of one execution form a turn; messages without one are a group each run. */
export function groupTurns(items: readonly TranscriptItem[]): Turn[] {
  const turns: Turn[] = [];
  for (const item of items) {
    const executionId = item.message.executionId;
    const last = turns.at(-1);
    if (last && last.executionId === executionId) last.items.push(item);
    else turns.push({ key: item.message.id, executionId, items: [item] });
  }
  return turns;
}

/** JSON pretty-printed; a tool result (stored as text) is pretty-printed when it is JSON. */
export function prettyJson(value: unknown): string {
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? "null";
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
