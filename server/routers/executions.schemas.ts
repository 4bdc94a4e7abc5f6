import { z } from "zod";
import { jsonValue } from "@/server/routers/business-schemas";

// Input and output schemas of the executions router (the turns of agents).

const id = z.string().min(1).max(100);
const environment = z.enum(["development", "production"]);
export const executionStatus = z.enum([
  "running",
  "success",
  "error",
  "timeout",
  "cancelled",
  "awaiting_approval",
]);

export const listExecutionsInput = z.object({
  agentId: id.optional(),
  threadId: id.optional(),
  status: executionStatus.optional(),
  environment: environment.optional(),
  since: z.date().optional(),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export const executionIdInput = z.object({ id });
export const executionStatsInput = z.object({
  agentId: id.optional(),
  since: z.date().optional(),
  until: z.date().optional(),
});
export const recentExecutionsInput = z.object({
  agentId: id.optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

// ---- Outputs --------------------------------------------------------------------------------

const count = z.number().int();

export const executionOutput = z.object({
  id: z.string(),
  agentId: z.string(),
  threadId: z.string().nullable(),
  configId: z.string().nullable(),
  environment,
  model: z.string().nullable(),
  status: executionStatus,
  stopReason: z.string().nullable(),
  inputTokens: count,
  outputTokens: count,
  cacheReadTokens: count,
  cacheWriteTokens: count,
  /** inputTokens + outputTokens. */
  totalTokens: count,
  toolCallCount: count,
  durationMs: count,
  errorMessage: z.string().nullable(),
  createdAt: z.date(),
  endedAt: z.date().nullable(),
});

export const executionPageOutput = z.object({
  items: z.array(executionOutput),
  nextCursor: z.string().nullable(),
});

export const executionWithTraceOutput = executionOutput.extend({ trace: z.array(jsonValue) });

export const executionStatsOutput = z.object({
  total: count,
  successful: count,
  failed: count,
  timeouts: count,
  cancelled: count,
  running: count,
  successRate: z.number().min(0).max(100),
  totalInputTokens: z.number(),
  totalOutputTokens: z.number(),
  totalCacheReadTokens: z.number(),
  totalCacheWriteTokens: z.number(),
  totalTokens: z.number(),
  averageDurationMs: z.number(),
  averageInputTokens: z.number(),
  averageOutputTokens: z.number(),
  byDay: z.array(
    z.object({
      day: z.string(),
      turns: count,
      errors: count,
      inputTokens: z.number(),
      outputTokens: z.number(),
    }),
  ),
});
