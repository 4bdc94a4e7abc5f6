import { z } from "zod";
import type { StopReason, TurnToolCall, TurnUsage } from "@/server/agent/outcome";
import { APP_ERROR_STATUS } from "@/server/errors";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "@/server/services/idempotency";
import type { HealthReport } from "@/server/services/health";

// Schemas of the public API's inputs that are not the chat body (server/agent/chat-request.ts),
// and of its answers: the handlers validate with the first, the OpenAPI document
// (server/http/openapi.ts) is generated from both, and the tests parse real answers with the
// second. Answers are strict objects: a field the document does not name fails those tests.

const EXAMPLE_THREAD = "cmbthread0000000000000001";
const EXAMPLE_EXECUTION = "cmbexec00000000000000001";

// Inputs.

export const messagesQuerySchema = z.object({
  cursor: z.string().min(1).max(100).optional().meta({
    description: "The `nextCursor` of the previous page",
    example: "cmbmsg0000000000000002",
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "Messages per page (default 50)", example: 20 }),
});

export const approvalBodySchema = z
  .object({
    toolCallId: z.string().min(1).max(255).meta({ description: "The tool call waiting" }),
    approved: z.boolean().meta({ description: "Run the call (true) or refuse it (false)" }),
    reason: z.string().max(2_000).optional().meta({ description: "Told to the model on refusal" }),
  })
  .meta({
    id: "ApprovalBody",
    description: "The answer to a tool call that waits for approval.",
    example: { toolCallId: "toolu_01", approved: false, reason: "Not this record" },
  });

// Path and header parameters (documentation only: the route segments are read as they come).

export const agentSlugParams = z.object({
  slug: z.string().meta({ description: "The agent's slug", example: "support" }),
});

export const resumeParams = agentSlugParams.extend({
  id: z.string().meta({
    description: "useChat's chat id: the thread's external id (`id` of the chat body)",
    example: "chat-7f3a",
  }),
});

export const threadParams = z.object({
  threadId: z.string().meta({ description: "The thread's id", example: EXAMPLE_THREAD }),
});

export const idempotencyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    .optional()
    .meta({
      description:
        "Makes a retry safe: the same key with the same route and body answers the first " +
        "request's answer (header `Idempotent-Replayed: true`) instead of running the turn " +
        "again; 409 `idempotency_in_progress` while the first still runs, 422 with another body.",
      example: "order-1234-question-1",
    }),
});

// Answers.

export const APP_ERROR_CODES = Object.keys(APP_ERROR_STATUS) as (keyof typeof APP_ERROR_STATUS)[];
/** The codes of error bodies: the app's, and the one of a repeated request still running. */
export const ERROR_CODES = [...APP_ERROR_CODES, "idempotency_in_progress"] as const;

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: "A sentence for people; never internals" }),
    }),
    threadId: z.string().optional().meta({ description: "When a started turn failed" }),
    executionId: z.string().optional().meta({ description: "When a started turn failed" }),
  })
  .meta({
    id: "Error",
    description: "Every error of the API.",
    example: { error: { code: "NOT_FOUND", message: "Agent not found" } },
  });

export const turnUsageSchema = z
  .strictObject({
    inputTokens: z.int().min(0),
    outputTokens: z.int().min(0),
    cacheReadTokens: z.int().min(0),
    cacheWriteTokens: z.int().min(0),
    totalTokens: z.int().min(0).meta({ description: "inputTokens + outputTokens" }),
  })
  .meta({
    id: "Usage",
    description: "Tokens of the turn, summed over its model calls.",
  }) satisfies z.ZodType<TurnUsage>;

const STOP_REASONS = [
  "end_turn",
  "max_tokens",
  "max_tool_rounds",
  "awaiting_approval",
  "cancelled",
  "stop_sequence",
  "refusal",
] as const satisfies readonly StopReason[];

export const stopReasonSchema = z
  .enum(STOP_REASONS)
  .nullable()
  .meta({ description: "Why the turn ended; null when it failed" });

export const toolCallSchema = z
  .strictObject({
    id: z.string(),
    name: z
      .string()
      .meta({ description: "The tool's name in the agent's config", example: "entity.query" }),
    arguments: z.unknown().meta({ description: "The input the model gave" }),
    result: z.unknown().optional().meta({ description: "The tool's output (status completed)" }),
    error: z.string().optional().meta({ description: "The tool's error (status error)" }),
    status: z.enum(["completed", "error", "awaiting_approval"]),
  })
  .meta({ id: "ToolCall" }) satisfies z.ZodType<TurnToolCall>;

export const chatAnswerSchema = z
  .strictObject({
    threadId: z.string(),
    executionId: z.string(),
    message: z.string().meta({ description: "The agent's reply (its text parts, joined)" }),
    toolCalls: z.array(toolCallSchema),
    usage: turnUsageSchema,
    stopReason: stopReasonSchema,
  })
  .meta({
    id: "ChatAnswer",
    description: "The turn, collected: the answer of a chat request that does not stream.",
    example: {
      threadId: EXAMPLE_THREAD,
      executionId: EXAMPLE_EXECUTION,
      message: "Ada Lovelace has no teacher yet.",
      toolCalls: [
        {
          id: "toolu_01",
          name: "entity.query",
          arguments: { type: "student" },
          result: { items: [{ id: "cmbent1", data: { name: "Ada Lovelace" } }] },
          status: "completed",
        },
      ],
      usage: {
        inputTokens: 812,
        outputTokens: 64,
        cacheReadTokens: 0,
        cacheWriteTokens: 640,
        totalTokens: 876,
      },
      stopReason: "end_turn",
    },
  });

export const threadMessageSchema = z
  .strictObject({
    id: z.string(),
    role: z.enum(["user", "assistant", "system", "tool"]),
    content: z.string().meta({ description: "Text; for a tool message, the result as JSON" }),
    toolCalls: z
      .array(z.strictObject({ id: z.string(), name: z.string(), arguments: z.unknown() }))
      .nullable()
      .meta({ description: "On assistant messages: the tools it called" }),
    toolCallId: z.string().nullable().meta({ description: "On tool messages: the call answered" }),
    isError: z.boolean().meta({ description: "On tool messages: the tool reported an error" }),
    executionId: z.string().nullable().meta({ description: "The turn that wrote it" }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ThreadMessage" });

export const messagesPageSchema = z
  .strictObject({
    threadId: z.string(),
    items: z.array(threadMessageSchema).meta({ description: "Oldest first" }),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor`; null on the last page" }),
  })
  .meta({
    id: "MessagesPage",
    description: "A page of a thread's transcript.",
    example: {
      threadId: EXAMPLE_THREAD,
      items: [
        {
          id: "cmbmsg0000000000000001",
          role: "user",
          content: "Hello",
          toolCalls: null,
          toolCallId: null,
          isError: false,
          executionId: EXAMPLE_EXECUTION,
          createdAt: "2026-01-05T09:30:00.000Z",
        },
      ],
      nextCursor: null,
    },
  });

export const cancelAnswerSchema = z
  .strictObject({
    threadId: z.string(),
    executionId: z.string().meta({ description: "The running turn asked to stop" }),
    cancelRequested: z.literal(true),
  })
  .meta({
    id: "CancelAnswer",
    example: { threadId: EXAMPLE_THREAD, executionId: EXAMPLE_EXECUTION, cancelRequested: true },
  });

export const healthSchema = z
  .strictObject({
    status: z.enum(["ok", "degraded"]),
    timestamp: z.iso.datetime(),
    database: z.enum(["ok", "unreachable"]),
  })
  .meta({
    id: "Health",
    example: { status: "ok", timestamp: "2026-01-05T09:30:00.000Z", database: "ok" },
  }) satisfies z.ZodType<HealthReport>;
