import { z } from "zod";
import { jsonValue, smallJsonObject } from "@/server/routers/business-schemas";

// Input and output schemas of the threads router (docs/agents.md). Metadata is a JSON object whose
// size (16 KiB serialized) the service checks, naming `metadata`.

const id = z.string().min(1).max(100);
const externalId = z.string().trim().min(1).max(200);
const limit = z.number().int().min(1).max(100).optional();

export const listThreadsInput = z.object({
  agentId: id.optional(),
  externalId: externalId.optional(),
  userId: id.optional(),
  cursor: id.optional(),
  limit,
});
export const threadIdInput = z.object({ id });
export const threadByExternalIdInput = z.object({ agentId: id, externalId });
export const threadWithMessagesInput = z.object({
  id,
  messageLimit: z.number().int().min(1).max(200).optional(),
});
export const getMessagesInput = z.object({ threadId: id, cursor: id.optional(), limit });
export const createThreadInput = z.object({
  agentId: id,
  externalId: externalId.optional(),
  metadata: smallJsonObject.nullable().optional(),
});
export const updateThreadInput = z.object({ id, metadata: smallJsonObject.nullable() });
export const addMessageInput = z.object({
  threadId: id,
  role: z.enum(["user", "assistant"]),
  content: z
    .string()
    .min(1, "Content is required")
    .max(100_000, "Content is at most 100,000 characters"),
});

// ---- Outputs --------------------------------------------------------------------------------

export const threadOutput = z.object({
  id: z.string(),
  agentId: z.string(),
  agent: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  userId: z.string().nullable(),
  externalId: z.string().nullable(),
  metadata: jsonValue.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  messageCount: z.number().int(),
  lastMessageAt: z.date().nullable(),
  /** A turn is running on the thread. */
  running: z.boolean(),
});

export const threadPageOutput = z.object({
  items: z.array(threadOutput),
  nextCursor: z.string().nullable(),
});

export const messageOutput = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant", "system", "tool"]),
  content: z.string(),
  toolCalls: jsonValue.nullable(),
  toolCallId: z.string().nullable(),
  isError: z.boolean(),
  executionId: z.string().nullable(),
  createdAt: z.date(),
});

export const messagePageOutput = z.object({
  items: z.array(messageOutput),
  nextCursor: z.string().nullable(),
});

export const threadWithMessagesOutput = threadOutput.extend({ messages: z.array(messageOutput) });
