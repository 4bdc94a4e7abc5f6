import type Anthropic from "@anthropic-ai/sdk";
import type { FinishReason } from "ai";

// What a turn ends with, rendered by every caller: the JSON answer, the stream's `finish` part
// and the execution row all say the same thing.

export type TurnStatus = "success" | "error" | "timeout" | "cancelled" | "awaiting_approval";

export type StopReason =
  | "end_turn"
  | "max_tokens"
  | "max_tool_rounds"
  | "awaiting_approval"
  | "cancelled"
  | "stop_sequence"
  | "refusal";

export type TurnToolCall = {
  id: string;
  name: string;
  arguments: unknown;
  result?: unknown;
  error?: string;
  status: "completed" | "error" | "awaiting_approval";
};

export type TurnUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  totalTokens: number;
};

/** How a turn ended; what it said is in its stream parts (outcome-from-parts.ts). */
export type TurnOutcome = {
  threadId: string;
  executionId: string;
  status: TurnStatus;
  stopReason: StopReason | null;
  durationMs: number;
};

/** The model's stop reason in our vocabulary (pause_turn is an ordinary end for us). */
export function stopReasonFor(reason: Anthropic.StopReason | null): StopReason {
  switch (reason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "max_tokens";
    case "stop_sequence":
      return "stop_sequence";
    case "refusal":
      return "refusal";
    default:
      return "end_turn";
  }
}

/** The AI SDK's finish reason for the stream's `finish` part. */
export function finishReasonFor(status: TurnStatus, stopReason: StopReason | null): FinishReason {
  if (status === "error" || status === "timeout") return "error";
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
      return "length";
    case "refusal":
      return "content-filter";
    case "max_tool_rounds":
    case "awaiting_approval":
      return "tool-calls";
    default:
      return "other";
  }
}
