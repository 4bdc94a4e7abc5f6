import { z } from "zod";
import { boundedJsonObject, LIMITS } from "@/lib/input-limits";
import { badRequest } from "@/server/errors";

// The body of a chat request, in either of its two shapes: ours
// (`{message, threadId?, externalThreadId?, metadata?, stream?}`) or the one the AI SDK's
// `useChat` sends (`{id, messages, trigger, messageId}`). From useChat only the text of the last
// user message is taken: the stored thread is the truth, the rest of its list is never trusted.

export const MAX_MESSAGE_CHARS = 32_000;

const metadataSchema = boundedJsonObject(LIMITS.smallJsonBytes);

const messageText = z.string().trim().min(1).max(MAX_MESSAGE_CHARS);
const idString = z.string().trim().min(1).max(255);

// The descriptions and examples are the OpenAPI document's (server/http/openapi.ts).
const agentIdField = idString
  .optional()
  .meta({ description: "The agent's id; required on POST /v1/chat, ignored with a slug route" });
const metadataField = metadataSchema
  .optional()
  .meta({ description: "Kept on a new thread (a JSON object, at most 16 KiB)" });

export const chatBodySchema = z
  .object({
    agentId: agentIdField,
    message: messageText.meta({ description: "The user's message" }),
    threadId: idString.optional().meta({ description: "Continue this thread" }),
    externalThreadId: idString
      .optional()
      .meta({ description: "Your id for the conversation: its thread is found or created" }),
    metadata: metadataField,
    stream: z
      .boolean()
      .optional()
      .meta({ description: "Answer with the stream (also `Accept: text/event-stream`)" }),
  })
  .meta({
    id: "ChatBody",
    description:
      "A chat message. Give threadId or externalThreadId (not both), or neither for a new thread.",
    example: { message: "Which students have no teacher?", externalThreadId: "customer-42" },
  });

// Plain objects: what else a useChat message carries is dropped, never read.
const uiPartSchema = z.object({
  type: z.string().max(100),
  text: z.string().max(MAX_MESSAGE_CHARS).optional(),
});
const uiMessageSchema = z.object({
  id: z.string().max(255).optional(),
  role: z.enum(["system", "user", "assistant"]),
  parts: z.array(uiPartSchema).max(1_000),
});

export const useChatBodySchema = z
  .object({
    id: idString.meta({ description: "useChat's chat id: the thread's external id" }),
    messages: z
      .array(uiMessageSchema)
      .min(1)
      .max(10_000)
      .meta({ description: "Only the text of the last message, the user's, is read" }),
    trigger: z.enum(["submit-message", "regenerate-message"]).optional(),
    messageId: z.string().max(255).optional(),
    agentId: agentIdField,
    metadata: metadataField,
  })
  .meta({
    id: "UseChatBody",
    description: "The body the AI SDK's useChat sends (DefaultChatTransport); always streams.",
    example: {
      id: "chat-7f3a",
      messages: [{ id: "msg-1", role: "user", parts: [{ type: "text", text: "Hello" }] }],
      trigger: "submit-message",
    },
  });

export type ChatRequestBody = {
  agentId?: string;
  message: string;
  threadId?: string;
  externalThreadId?: string;
  metadata?: Record<string, unknown>;
  /** Asked for in the body; the Accept header may ask too. */
  stream?: boolean;
  /** The body came from useChat, which always reads a stream. */
  fromUseChat: boolean;
};

function fieldOf(error: z.ZodError, prefix = ""): { field: string; message: string } {
  const issue = error.issues[0];
  const field = prefix + (issue?.path.join(".") || "body");
  return { field, message: `${field}: ${issue?.message ?? "is invalid"}` };
}

/** Parses either body shape, or throws 400 naming the field. */
export function parseChatBody(body: unknown): ChatRequestBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest("The body must be a JSON object", "body");
  }
  if ("messages" in body) {
    const parsed = useChatBodySchema.safeParse(body);
    if (!parsed.success) {
      const { field, message } = fieldOf(parsed.error);
      throw badRequest(message, field);
    }
    const last = parsed.data.messages.at(-1)!;
    if (last.role !== "user")
      throw badRequest("messages: the last message must be the user's", "messages");
    const text = last.parts
      .flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text] : []))
      .join("\n")
      .trim();
    const message = messageText.safeParse(text);
    if (!message.success) {
      throw badRequest(
        `messages: the last user message ${message.error.issues[0]?.message ?? "is invalid"}`,
        "messages",
      );
    }
    return {
      agentId: parsed.data.agentId,
      message: message.data,
      externalThreadId: parsed.data.id,
      metadata: parsed.data.metadata,
      stream: true,
      fromUseChat: true,
    };
  }
  const parsed = chatBodySchema.safeParse(body);
  if (!parsed.success) {
    const { field, message } = fieldOf(parsed.error);
    throw badRequest(message, field);
  }
  if (parsed.data.threadId && parsed.data.externalThreadId) {
    throw badRequest("Give threadId or externalThreadId, not both", "threadId");
  }
  return { ...parsed.data, fromUseChat: false };
}

/** Whether the caller reads the stream: asked in the body, by useChat, or by the Accept header. */
export function wantsStream(request: Request, body: ChatRequestBody): boolean {
  if (body.stream !== undefined) return body.stream;
  if (body.fromUseChat) return true;
  return (request.headers.get("accept") ?? "").includes("text/event-stream");
}
