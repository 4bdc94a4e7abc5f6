import { ZodError } from "zod";
import type { Environment } from "@/generated/prisma/client";
import type { ApiKeyActor } from "@/server/auth/actor";
import {
  authenticateApiKey,
  lastUsedIsStale,
  touchLastUsed,
  type ApiKeyPublic,
} from "@/server/auth/api-keys";
import {
  consumeRateLimit,
  rateLimitHeaders,
  type RateLimitResult,
  type RateLimits,
} from "@/server/auth/rate-limit";
import { getDb, type Db } from "@/server/db/client";
import { APP_ERROR_STATUS, AppError, type AppErrorCode } from "@/server/errors";
import { REQUEST_ID_HEADER, requestIdOf } from "@/server/http/request-id";
import { actorLogContext, addLogContext, log, withLogContext } from "@/server/log";
import { jsonInputProblem, MAX_JSON_DEPTH, unstorableText } from "@/lib/input-limits";

// The frame of every `/v1` route handler: API key → rate limit → body → handler, and
// one error shape `{error: {code, message}}`. Internals never reach the client; keys never reach
// the logs.

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_BODY_DEPTH = MAX_JSON_DEPTH;

export type PublicApiContext<P = Record<string, string | string[]>> = {
  request: Request;
  /** Parsed JSON body; undefined when the request has none. */
  body: unknown;
  actor: ApiKeyActor;
  environment: Environment;
  apiKey: ApiKeyPublic;
  /** Route segment parameters (`/v1/agents/[slug]/chat` → `{ slug }`). */
  params: P;
};

export type PublicApiHandler<P> = (ctx: PublicApiContext<P>) => Response | Promise<Response>;

export type PublicApiOptions = {
  db?: () => Db;
  now?: () => Date;
  limits?: RateLimits;
};

export function publicApiError(
  code: AppErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message } },
    { status: APP_ERROR_STATUS[code], headers: { "Cache-Control": "no-store", ...headers } },
  );
}

function presentedKey(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  return request.headers.get("x-api-key")?.trim() || null;
}

export class BodyTooLarge extends Error {}

/** Reads at most MAX_BODY_BYTES, whatever Content-Length claims (it may be absent or wrong). */
export async function readBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Why a parsed body is refused (too deep, or text that cannot be stored). */
export const bodyProblem = (body: unknown) => jsonInputProblem(body, "The body");

function zodMessage(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid body";
  const field = issue.path.join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}

function errorResponse(
  request: Request,
  error: unknown,
  headers: Record<string, string>,
  apiKeyId?: string,
): Response {
  if (error instanceof AppError) return publicApiError(error.code, error.message, headers);
  if (error instanceof ZodError) return publicApiError("BAD_REQUEST", zodMessage(error), headers);
  // Only the key id is logged, never the key (and the logger scrubs key shapes from the error).
  log({ apiKeyId, path: new URL(request.url).pathname }).error(
    { err: error },
    "public API: unhandled error",
  );
  return publicApiError("INTERNAL_SERVER_ERROR", "Internal server error", headers);
}

/** Copies the response so headers can be added even to a response with immutable headers. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}

/**
 * Wraps a `/v1` route handler. Order: key (401) → rate limit (429) → lastUsedAt → body size
 * (413) → JSON, its depth and text (400) → query text (400) → path text (404) → handler. Every
 * response carries the request id (x-request-id), every one after authentication RateLimit-*.
 */
export function withPublicApi<P = Record<string, string | string[]>>(
  handler: PublicApiHandler<P>,
  options: PublicApiOptions = {},
) {
  const run = async (
    request: Request,
    route: { params: Promise<P> } | undefined,
    requestId: string,
  ): Promise<Response> => {
    const db = (options.db ?? getDb)();
    const now = options.now?.() ?? new Date();
    let headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
    let apiKeyId: string | undefined;
    try {
      const raw = presentedKey(request);
      if (!raw) return publicApiError("UNAUTHORIZED", "Missing API key", headers);
      const { actor, environment, key } = await authenticateApiKey(db, raw, now);
      apiKeyId = actor.apiKeyId;
      addLogContext(actorLogContext(actor));

      const limit: RateLimitResult = await consumeRateLimit(
        db,
        { apiKeyId: actor.apiKeyId, orgId: actor.orgId },
        options.limits,
      );
      headers = { ...headers, ...rateLimitHeaders(limit) };
      if (!limit.allowed) {
        return publicApiError("TOO_MANY_REQUESTS", "Rate limit exceeded", headers);
      }
      // The row just read tells whether the throttled write could happen: most requests skip it.
      if (lastUsedIsStale(key.lastUsedAt, now)) await touchLastUsed(db, actor.apiKeyId, now);

      let text: string;
      try {
        text = await readBody(request);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          return publicApiError("PAYLOAD_TOO_LARGE", "Request body is larger than 64 KiB", headers);
        }
        throw error;
      }
      let body: unknown = undefined;
      if (text.trim() !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          return publicApiError("BAD_REQUEST", "Malformed JSON body", headers);
        }
        const problem = bodyProblem(body);
        if (problem) return publicApiError("BAD_REQUEST", problem, headers);
      }
      for (const [name, value] of new URL(request.url).searchParams) {
        if (unstorableText(name) || unstorableText(value)) {
          return publicApiError("BAD_REQUEST", "Malformed query string", headers);
        }
      }

      const params = ((await route?.params) ?? {}) as P;
      // No record has an id PostgreSQL could not even compare.
      const values = Object.values(params as Record<string, string | string[]>).flat();
      if (values.some(unstorableText)) return publicApiError("NOT_FOUND", "Not found", headers);
      const response = await handler({ request, body, actor, environment, apiKey: key, params });
      return withHeaders(response, headers);
    } catch (error) {
      return errorResponse(request, error, headers, apiKeyId);
    }
  };
  // Every line logged while the request runs (the turn included) carries its id and key, and
  // every answer carries the id (the proxy, which gives other routes theirs, skips /v1).
  return (request: Request, route?: { params: Promise<P> }): Promise<Response> => {
    const requestId = requestIdOf(request.headers);
    return withLogContext({ requestId }, () => run(request, route, requestId));
  };
}
