import { z } from "zod";

// Schemas of the public API's inputs that are not the chat body (server/agent/chat-request.ts),
// and of its answers: the handlers validate with the first, the OpenAPI document is generated
// from both.

export const messagesQuerySchema = z.object({
  cursor: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const approvalBodySchema = z.object({
  toolCallId: z.string().min(1).max(255),
  approved: z.boolean(),
  reason: z.string().max(2_000).optional(),
});
