import { isOrgAdmin, type UserActor } from "@/server/auth/actor";
import { BodyTooLarge, bodyProblem, publicApiError, readBody } from "@/server/auth/public-api";
import { buildUserActor, loadActiveUser, resolveRequestSession } from "@/server/auth/session";
import { getDb, type Db } from "@/server/db/client";
import { AppError, badRequest, notFound } from "@/server/errors";
import { parseChatBody, wantsStream } from "@/server/agent/chat-request";
import { defaultChatDeps, startChat, type ChatDeps } from "@/server/agent/chat";
import {
  NO_STORE,
  rejoinResponse,
  turnJsonResponse,
  turnStreamResponse,
} from "@/server/agent/render";
import { liveTurns } from "@/server/agent/turn-recorder";
import { requestTurnCancel } from "@/server/services/turns";
import type { Environment } from "@/generated/prisma/client";
import { requestIdOf } from "@/server/http/request-id";
import { actorLogContext, addLogContext, log, withLogContext } from "@/server/log";

// The dashboard's chat routes (the playground): the same turn and the same stream protocol as
// the public API, authenticated by the session instead of an API key. The signed-in user is the
// chat's actor, so tools that inherit run under that user's permissions. Any member may chat;
// a thread belongs to the user who started it (owners and admins may continue any).

export type RouteDeps = { db?: () => Db; chat?: () => ChatDeps };

type Handler = (request: Request, actor: UserActor, db: Db) => Promise<Response>;

/** A browser form cannot send JSON: requiring it (and our origin) keeps other sites out. */
function assertSameOriginJson(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && !type.toLowerCase().startsWith("application/json")) {
    throw new AppError("BAD_REQUEST", "Send the body as application/json", "content-type");
  }
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(request.url).origin) {
    throw new AppError("FORBIDDEN", "Cross-origin requests are not allowed");
  }
}

function withSession(handler: Handler, deps: RouteDeps = {}) {
  const run = async (request: Request): Promise<Response> => {
    const db = (deps.db ?? getDb)();
    try {
      assertSameOriginJson(request);
      const session = await resolveRequestSession(db, request.headers);
      const user = session ? await loadActiveUser(db, session.userId) : null;
      if (!session || !user) return publicApiError("UNAUTHORIZED", "Not signed in");
      const actor = session.orgId ? await buildUserActor(db, user.id, session.orgId) : null;
      if (!actor) return publicApiError("FORBIDDEN", "No active organization");
      addLogContext(actorLogContext(actor));
      return await handler(request, actor, db);
    } catch (error) {
      if (error instanceof AppError) return publicApiError(error.code, error.message);
      log({ path: new URL(request.url).pathname }).error(
        { err: error },
        "dashboard chat: unhandled error",
      );
      return publicApiError("INTERNAL_SERVER_ERROR", "Internal server error");
    }
  };
  // Every line logged while the request runs (the turn included) carries its id and actor.
  return (request: Request): Promise<Response> =>
    withLogContext({ requestId: requestIdOf(request.headers) }, () => run(request));
}

function canUseThread(actor: UserActor, thread: { userId: string | null }): boolean {
  return isOrgAdmin(actor) || thread.userId === actor.userId;
}

function environmentOf(request: Request): Environment {
  const value = new URL(request.url).searchParams.get("environment") ?? "development";
  if (value !== "development" && value !== "production") {
    throw badRequest("environment: must be development or production", "environment");
  }
  return value;
}

/** POST /api/agents/{agentId}/chat */
export function dashboardChatHandler(agentId: string, deps: RouteDeps = {}) {
  return withSession(async (request, actor, db) => {
    let text: string;
    try {
      text = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return publicApiError("PAYLOAD_TOO_LARGE", "Request body is larger than 64 KiB");
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return publicApiError("BAD_REQUEST", "Malformed JSON body");
    }
    const problem = bodyProblem(raw);
    if (problem) return publicApiError("BAD_REQUEST", problem);
    const body = parseChatBody(raw);
    const turn = await startChat(
      {
        db,
        actor,
        agent: { agentId },
        environment: environmentOf(request),
        message: body.message,
        threadId: body.threadId,
        externalThreadId: body.externalThreadId,
        metadata: body.metadata,
        threadUserId: actor.userId,
        checkThread: (thread) => {
          if (!canUseThread(actor, thread)) throw notFound("Thread");
        },
      },
      (deps.chat ?? defaultChatDeps)(),
    );
    if (wantsStream(request, body)) return turnStreamResponse(turn);
    return turnJsonResponse(turn);
  }, deps);
}

/** The caller's thread of this agent, by the external id useChat knows it by, or by our id. */
async function ownThread(db: Db, actor: UserActor, agentId: string, threadRef: string) {
  const thread = await db.thread.findFirst({
    where: {
      organizationId: actor.orgId,
      agentId,
      OR: [{ externalId: threadRef }, { id: threadRef }],
    },
    orderBy: { createdAt: "asc" },
    select: { id: true, userId: true },
  });
  if (!thread || !canUseThread(actor, thread)) throw notFound("Thread");
  return thread;
}

/** GET /api/agents/{agentId}/chat/{threadRef}/stream: rejoin the running turn; 204 if none. */
export function dashboardResumeHandler(agentId: string, threadRef: string, deps: RouteDeps = {}) {
  return withSession(async (_request, actor, db) => {
    const thread = await ownThread(db, actor, agentId, threadRef);
    return rejoinResponse(db, actor.orgId, thread.id);
  }, deps);
}

/** POST /api/agents/{agentId}/chat/{threadRef}/cancel: stop the running turn; 409 if none. */
export function dashboardCancelHandler(agentId: string, threadRef: string, deps: RouteDeps = {}) {
  return withSession(async (_request, actor, db) => {
    const thread = await ownThread(db, actor, agentId, threadRef);
    const running = await requestTurnCancel(db, actor.orgId, thread.id);
    liveTurns.get(running.id)?.cancel();
    return Response.json(
      { threadId: thread.id, executionId: running.id, cancelRequested: true },
      { headers: NO_STORE },
    );
  }, deps);
}
