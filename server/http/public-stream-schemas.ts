import { z } from "zod";
import { APP_ERROR_CODES, stopReasonSchema, turnUsageSchema } from "@/server/http/public-schemas";

// The parts of the stream a chat answers with when it streams (the AI SDK's UI message stream,
// version 1, as docs/agents.md describes it): server-sent events, one part as JSON per `data:`
// line, `data: [DONE]` last. The OpenAPI document describes the stream with these schemas and
// the tests parse every part of real streams with them.

export const UI_MESSAGE_STREAM_HEADER = "x-vercel-ai-ui-message-stream";

const toolCallId = z.string().meta({ description: "The model's id of the call" });
const toolName = z
  .string()
  .meta({ description: "The tool's name in the config", example: "entity.query" });
const textId = z.string().meta({ description: "Joins a text's start, deltas and end" });

const turnIds = {
  threadId: z.string(),
  executionId: z.string().meta({ description: "The turn; also the assistant message's id" }),
};

function part<T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) {
  const id = `StreamPart${type
    .split("-")
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("")}`;
  return z.strictObject({ type: z.literal(type), ...shape }).meta({ id, description });
}

export const streamPartSchema = z
  .discriminatedUnion("type", [
    part(
      "start",
      { messageId: z.string(), messageMetadata: z.strictObject(turnIds) },
      "First: the turn has begun.",
    ),
    part("start-step", {}, "A model call begins."),
    part("text-start", { id: textId }, "A text block begins."),
    part("text-delta", { id: textId, delta: z.string() }, "Text as the model produces it."),
    part("text-end", { id: textId }, "The text block is complete."),
    part("tool-input-start", { toolCallId, toolName }, "The model begins a tool call."),
    part(
      "tool-input-available",
      { toolCallId, toolName, input: z.unknown().meta({ description: "The call's arguments" }) },
      "The call's input is complete; the tool runs.",
    ),
    part(
      "tool-output-available",
      { toolCallId, output: z.unknown().meta({ description: "The tool's result" }) },
      "The tool answered.",
    ),
    part(
      "tool-output-error",
      { toolCallId, errorText: z.string() },
      "The tool refused or failed; the model is told and the turn goes on.",
    ),
    part("error", { errorText: z.string() }, "The turn failed (sent before `finish`)."),
    part("finish-step", {}, "The model call ended."),
    part(
      "finish",
      {
        finishReason: z.enum(["stop", "length", "content-filter", "tool-calls", "error", "other"]),
        messageMetadata: z.strictObject({
          ...turnIds,
          usage: turnUsageSchema,
          stopReason: stopReasonSchema,
          errorCode: z
            .enum(APP_ERROR_CODES)
            .optional()
            .meta({ description: "When the turn failed: the JSON answer's error code" }),
        }),
      },
      "Last part before `data: [DONE]`.",
    ),
  ])
  .meta({
    id: "StreamPart",
    description:
      "One server-sent event's data: the stream is `data: <part as JSON>` lines, each followed " +
      "by a blank line, then `data: [DONE]`. Comment lines (`:`) keep the connection open. " +
      "Order: start; per model call start-step … finish-step, with text-start/-delta/-end and " +
      "tool-input-start, tool-input-available, tool-output-available or tool-output-error; " +
      "error when the turn failed; finish.",
  });

export type StreamPart = z.infer<typeof streamPartSchema>;

/** An example stream, as the wire carries it. */
export function exampleStream(): string {
  const ids = { threadId: "cmbthread0000000000000001", executionId: "cmbexec00000000000000001" };
  const usage = {
    inputTokens: 812,
    outputTokens: 12,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    totalTokens: 824,
  };
  const parts: StreamPart[] = [
    { type: "start", messageId: ids.executionId, messageMetadata: ids },
    { type: "start-step" },
    { type: "text-start", id: "t0" },
    { type: "text-delta", id: "t0", delta: "Hello" },
    { type: "text-delta", id: "t0", delta: " there." },
    { type: "text-end", id: "t0" },
    { type: "finish-step" },
    {
      type: "finish",
      finishReason: "stop",
      messageMetadata: { ...ids, usage, stopReason: "end_turn" },
    },
  ];
  return [...parts.map((p) => `data: ${JSON.stringify(p)}\n\n`), "data: [DONE]\n\n"].join("");
}
