import { createHash } from "node:crypto";
import type { UIMessageChunk } from "ai";
import type { AgentActor, ApiKeyActor } from "@/server/auth/actor";
import { assertKeyAllowsAgent, keyAllowsAgent } from "@/server/auth/api-keys";
import {
  publicApiError,
  withPublicApi,
  type PublicApiContext,
  type PublicApiOptions,
} from "@/server/auth/public-api";
import { getDb, type Db } from "@/server/db/client";
import { badRequest, notFound } from "@/server/errors";
import { parseChatBody, wantsStream, type ChatRequestBody } from "@/server/agent/chat-request";
import { defaultChatDeps, startChat, type ChatDeps } from "@/server/agent/chat";
import { turnJsonFromParts } from "@/server/agent/outcome-from-parts";
import {
  NO_STORE,
  rejoinResponse,
  streamResponse,
  turnJsonResponse,
  turnStreamResponse,
} from "@/server/agent/render";
import { liveTurns } from "@/server/agent/turn-recorder";
import {
  findIdempotentTurn,
  IdempotencyHit,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type IdempotentTurn,
  type TurnIdempotency,
} from "@/server/services/idempotency";
import {
  ABANDONED_TURN_MESSAGE,
  discardEmptyThread,
  readTurnParts,
  requestTurnCancel,
  sweepAbandonedTurns,
  type ChatAgentRef,
} from "@/server/services/turns";
import { approvalBodySchema, messagesQuerySchema } from "@/server/http/public-schemas";
import { getMessages } from "@/server/services/threads";

// The public chat API (`/v1`): every route runs in the public API frame (API key, rate limits,
// 64 KiB bodies, one error shape). The key's organization is the chat's, its environment picks
// the agent's config (`af_test_` development, `af_live_` production), its permissions the agents
// it may talk to. A chat acts as the agent, holding the organization's `agent` role; a thread
// of another organization, or of an agent the key may not use, is "not found".

export type PublicChatDeps = PublicApiOptions & { chat?: () => ChatDeps };

const IDEMPOTENCY_HEADER = "idempotency-key";

function agentActor(key: ApiKeyActor, agentId: string): AgentActor {
  return { type: "agent", agentId, orgId: key.orgId, onBehalfOf: key, roleIds: [] };
}

function idempotencyOf(ctx: PublicApiContext<unknown>): TurnIdempotency | undefined {
  const key = ctx.request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return undefined;
  if (key.trim() === "" || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw badRequest(
      `Idempotency-Key: must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      "Idempotency-Key",
    );
  }
  // The route and the body: the same key sent to another agent is another request.
  const requestHash = createHash("sha256")
    .update(new URL(ctx.request.url).pathname)
    .update("\u0000")
    .update(JSON.stringify(ctx.body ?? null))
    .digest("hex");
  return { apiKeyId: ctx.actor.apiKeyId, key, requestHash };
}

/**
 * The parts of a turn that ended without writing its own end (abandoned, then swept `timeout`),
 * closed as a timed-out turn closes them, so its replay answers 504.
 */
function abandonedEnd(
  parts: UIMessageChunk[],
  ids: { threadId: string; executionId: string },
): UIMessageChunk[] {
  if (parts.some((part) => part.type === "finish")) return parts;
  return [
    ...parts,
    { type: "error", errorText: ABANDONED_TURN_MESSAGE },
    {
      type: "finish",
      finishReason: "error",
      messageMetadata: { ...ids, stopReason: null, errorCode: "GATEWAY_TIMEOUT" },
    },
  ];
}

/** A repeated request: the first one's answer, 409 while it runs, 422 with another body. */
async function answerRepeat(
  db: Db,
  orgId: string,
  turn: IdempotentTurn,
  idempotency: TurnIdempotency,
  stream: boolean,
): Promise<Response> {
  if (turn.requestHash !== idempotency.requestHash) {
    return publicApiError(
      "UNPROCESSABLE_CONTENT",
      "This Idempotency-Key was used with another request body",
    );
  }
  // Past its deadline a running turn was abandoned (its process died): it ends now, and the
  // repeat gets that end instead of 409 until something else happens to look at the thread.
  if (turn.status === "running" && (await sweepAbandonedTurns(db, orgId, { id: turn.id })) === 0) {
    return Response.json(
      {
        error: {
          code: "idempotency_in_progress",
          message: "A request with this Idempotency-Key is still running",
        },
      },
      { status: 409, headers: NO_STORE },
    );
  }
  const read = await readTurnParts(db, turn.id, 0);
  const ids = { threadId: turn.threadId ?? "", executionId: turn.id };
  const parts = abandonedEnd((read?.parts ?? []) as UIMessageChunk[], ids);
  const replayed = { ...NO_STORE, "Idempotent-Replayed": "true" };
  if (stream) {
    return streamResponse(parts, replayed);
  }
  const { status, body } = turnJsonFromParts(parts, ids);
  return Response.json(body, { status, headers: replayed });
}

async function chat(
  ctx: PublicApiContext<unknown>,
  agent: ChatAgentRef | null,
  deps: PublicChatDeps,
): Promise<Response> {
  const db = (deps.db ?? getDb)();
  const body: ChatRequestBody = parseChatBody(ctx.body);
  const ref: ChatAgentRef | null = agent ?? (body.agentId ? { agentId: body.agentId } : null);
  if (!ref) throw badRequest("agentId: is required", "agentId");
  const stream = wantsStream(ctx.request, body);
  const idempotency = idempotencyOf(ctx);
  if (idempotency) {
    const earlier = await findIdempotentTurn(db, idempotency);
    if (earlier) return answerRepeat(db, ctx.actor.orgId, earlier, idempotency, stream);
  }
  try {
    const turn = await startChat(
      {
        db,
        actor: ctx.actor,
        chatActor: (found) => agentActor(ctx.actor, found.id),
        checkAgent: (found) => assertKeyAllowsAgent(ctx.actor, found.slug),
        agent: ref,
        environment: ctx.environment,
        message: body.message,
        threadId: body.threadId,
        externalThreadId: body.externalThreadId,
        metadata: body.metadata,
        apiKeyId: ctx.actor.apiKeyId,
        idempotency,
      },
      (deps.chat ?? defaultChatDeps)(),
    );
    return stream ? turnStreamResponse(turn, NO_STORE) : turnJsonResponse(turn, NO_STORE);
  } catch (error) {
    if (error instanceof IdempotencyHit && idempotency) {
      // A duplicate sent while the first was starting: without a thread in its body it opened a
      // new one for its own turn, which never began. Left, it would be an empty thread per retry.
      const opened = !body.threadId && body.externalThreadId === undefined;
      if (opened && error.threadId && error.threadId !== error.turn.threadId) {
        await discardEmptyThread(db, ctx.actor.orgId, error.threadId);
      }
      return answerRepeat(db, ctx.actor.orgId, error.turn, idempotency, stream);
    }
    throw error;
  }
}

/** A thread of the key's organization and of an agent the key may use, or NOT_FOUND. */
async function keyThread(
  db: Db,
  key: ApiKeyActor,
  where: { id: string } | { agentSlug: string; externalId: string },
) {
  const thread = await db.thread.findFirst({
    where:
      "id" in where
        ? { id: where.id, organizationId: key.orgId }
        : {
            organizationId: key.orgId,
            externalId: where.externalId,
            agent: { slug: where.agentSlug, status: { not: "deleted" } },
          },
    select: { id: true, agent: { select: { id: true, slug: true } } },
  });
  if (!thread || !keyAllowsAgent(key, thread.agent.slug)) throw notFound("Thread");
  return thread;
}

type Params = Record<string, string>;

export function publicChatRoutes(deps: PublicChatDeps = {}) {
  const db = () => (deps.db ?? getDb)();
  return {
    /** POST /v1/chat */
    chat: withPublicApi<Params>((ctx) => chat(ctx, null, deps), deps),
    /** POST /v1/agents/{slug}/chat */
    chatBySlug: withPublicApi<Params>((ctx) => chat(ctx, { slug: ctx.params.slug! }, deps), deps),
    /** GET /v1/agents/{slug}/chat/{id}/stream: useChat's resume, `id` being its chat id. */
    resumeBySlug: withPublicApi<Params>(async (ctx) => {
      const thread = await keyThread(db(), ctx.actor, {
        agentSlug: ctx.params.slug!,
        externalId: ctx.params.id!,
      });
      return rejoinResponse(db(), ctx.actor.orgId, thread.id);
    }, deps),
    /** GET /v1/threads/{threadId}/messages */
    messages: withPublicApi<Params>(async (ctx) => {
      const thread = await keyThread(db(), ctx.actor, { id: ctx.params.threadId! });
      const query = messagesQuerySchema.parse(
        Object.fromEntries(new URL(ctx.request.url).searchParams),
      );
      const page = await getMessages(
        { db: db(), actor: ctx.actor },
        { threadId: thread.id, ...query },
      );
      return Response.json(
        {
          threadId: thread.id,
          items: page.items.map((message) => ({
            id: message.id,
            role: message.role,
            content: message.content,
            toolCalls: message.toolCalls,
            toolCallId: message.toolCallId,
            isError: message.isError,
            executionId: message.executionId,
            createdAt: message.createdAt.toISOString(),
          })),
          nextCursor: page.nextCursor,
        },
        { headers: NO_STORE },
      );
    }, deps),
    /** GET /v1/threads/{threadId}/stream */
    stream: withPublicApi<Params>(async (ctx) => {
      const thread = await keyThread(db(), ctx.actor, { id: ctx.params.threadId! });
      return rejoinResponse(db(), ctx.actor.orgId, thread.id);
    }, deps),
    /** POST /v1/threads/{threadId}/cancel */
    cancel: withPublicApi<Params>(async (ctx) => {
      const thread = await keyThread(db(), ctx.actor, { id: ctx.params.threadId! });
      const running = await requestTurnCancel(db(), ctx.actor.orgId, thread.id);
      liveTurns.get(running.id)?.cancel();
      return Response.json(
        { threadId: thread.id, executionId: running.id, cancelRequested: true },
        { headers: NO_STORE },
      );
    }, deps),
    /** POST /v1/threads/{threadId}/approvals */
    approvals: withPublicApi<Params>(async (ctx) => {
      const body = approvalBodySchema.parse(ctx.body ?? {});
      await keyThread(db(), ctx.actor, { id: ctx.params.threadId! });
      // No tool permission asks for approval yet, so no call of any thread can be waiting.
      throw notFound(`Tool call ${body.toolCallId} waiting for approval`);
    }, deps),
  };
}
