import type { UIMessageChunk } from "ai";
import { APP_ERROR_STATUS, type AppErrorCode } from "@/server/errors";
import type { StopReason, TurnToolCall, TurnUsage } from "@/server/agent/outcome";

// A turn's JSON answer, read from its stream parts: the live answer (the parts the turn wrote)
// and a replay (the parts stored on its execution row) are the same function of the same parts,
// so a repeated request gets exactly the first one's answer.

export type TurnJson = {
  status: number;
  body:
    | {
        threadId: string;
        executionId: string;
        message: string;
        toolCalls: TurnToolCall[];
        usage: TurnUsage;
        stopReason: StopReason | null;
      }
    | { error: { code: string; message: string }; threadId: string; executionId: string };
};

type FinishMetadata = {
  threadId?: string;
  executionId?: string;
  usage?: TurnUsage;
  stopReason?: StopReason | null;
  errorCode?: AppErrorCode;
};

const ZERO: TurnUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  totalTokens: 0,
};

export function turnJsonFromParts(
  parts: readonly UIMessageChunk[],
  ids: { threadId: string; executionId: string },
): TurnJson {
  const texts = new Map<string, string>();
  const calls = new Map<string, TurnToolCall>();
  let error: string | null = null;
  let finish: FinishMetadata = {};
  for (const part of parts) {
    switch (part.type) {
      case "text-start":
        texts.set(part.id, "");
        break;
      case "text-delta":
        texts.set(part.id, (texts.get(part.id) ?? "") + part.delta);
        break;
      case "tool-input-available":
        calls.set(part.toolCallId, {
          id: part.toolCallId,
          name: part.toolName,
          arguments: part.input,
          status: "awaiting_approval",
        });
        break;
      case "tool-output-available": {
        const call = calls.get(part.toolCallId);
        if (call) Object.assign(call, { result: part.output, status: "completed" });
        break;
      }
      case "tool-output-error": {
        const call = calls.get(part.toolCallId);
        if (call) Object.assign(call, { error: part.errorText, status: "error" });
        break;
      }
      case "error":
        error = part.errorText;
        break;
      case "finish":
        finish = (part.messageMetadata ?? {}) as FinishMetadata;
        break;
    }
  }
  if (error !== null) {
    const code = finish.errorCode ?? "INTERNAL_SERVER_ERROR";
    return {
      status: APP_ERROR_STATUS[code] ?? 500,
      body: {
        error: { code, message: error },
        threadId: ids.threadId,
        executionId: ids.executionId,
      },
    };
  }
  return {
    status: 200,
    body: {
      threadId: ids.threadId,
      executionId: ids.executionId,
      message: [...texts.values()].filter(Boolean).join("\n\n"),
      toolCalls: [...calls.values()],
      usage: finish.usage ?? ZERO,
      stopReason: finish.stopReason ?? null,
    },
  };
}
