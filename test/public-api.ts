import { DefaultChatTransport, type ChatTransport, type UIMessage } from "ai";
import type { Environment } from "@/generated/prisma/client";
import type { RateLimits } from "@/server/auth/rate-limit";
import type { ChatDeps } from "@/server/agent/chat";
import { GET as openApiGet } from "@/app/v1/openapi.json/route";
import { publicChatRoutes } from "@/server/http/public-chat";
import { createApiKey } from "@/server/services/api-keys";
import { userMessage } from "@/test/chat";
import { testDb, uid } from "@/test/db";
import { text } from "@/test/fakes/anthropic";
import type { Tenant } from "@/test/factories";

// The public API in tests as a client has it: the `/v1` route handlers dispatched by path as
// Next would, called with real Request objects and an API key made by the service.

export const V1 = "http://api.test/v1";

/** Rate limits no test meets unless it means to. */
export const GENEROUS: RateLimits = {
  key: { perMinute: 100_000, burst: 100_000 },
  org: { perMinute: 100_000, burst: 100_000 },
};

export async function apiKeyFor(
  tenant: Tenant,
  options: { environment?: Environment; permissions?: string[]; expiresAt?: Date } = {},
) {
  const actor = {
    type: "user" as const,
    userId: tenant.owner.id,
    orgId: tenant.org.id,
    orgRole: "owner" as const,
  };
  const { key, apiKey } = await createApiKey(
    { db: testDb(), actor },
    {
      name: "test key",
      environment: options.environment ?? "development",
      permissions: options.permissions ?? ["chat"],
      expiresAt: options.expiresAt,
    },
  );
  return { key, apiKey };
}

export type V1Route = keyof ReturnType<typeof publicChatRoutes>;

/** The method each route file exports (app/v1/.../route.ts). */
export const V1_METHODS: Record<V1Route, "GET" | "POST"> = {
  chat: "POST",
  chatBySlug: "POST",
  resumeBySlug: "GET",
  messages: "GET",
  stream: "GET",
  cancel: "POST",
  approvals: "POST",
};

function route(path: string[]): { name: V1Route; params: Record<string, string> } | null {
  // v1 / chat | v1 / agents / {slug} / chat [/ {id} / stream] | v1 / threads / {id} / {action}
  if (path[0] !== "v1") return null;
  if (path[1] === "chat" && path.length === 2) return { name: "chat", params: {} };
  if (path[1] === "agents" && path[3] === "chat" && path.length === 4)
    return { name: "chatBySlug", params: { slug: path[2]! } };
  if (path[1] === "agents" && path[3] === "chat" && path[5] === "stream" && path.length === 6)
    return { name: "resumeBySlug", params: { slug: path[2]!, id: path[4]! } };
  if (path[1] === "threads" && path.length === 4) {
    const action = path[3] as "messages" | "stream" | "cancel" | "approvals";
    if (["messages", "stream", "cancel", "approvals"].includes(action))
      return { name: action, params: { threadId: path[2]! } };
  }
  return null;
}

/**
 * fetch for the /v1 routes (and the keyless OpenAPI document), answering what Next answers
 * before a handler runs: 400 for a path whose percent-encoding does not decode, 404 for an
 * unknown path, 405 for another method.
 */
export function v1Fetch(chat: ChatDeps, limits: RateLimits = GENEROUS) {
  const routes = publicChatRoutes({ db: testDb, chat: () => chat, limits });
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    let path: string[];
    try {
      path = new URL(request.url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      return new Response("Bad Request", { status: 400 });
    }
    if (path.length === 2 && path[0] === "v1" && path[1] === "openapi.json") {
      return request.method === "GET"
        ? openApiGet()
        : new Response(null, { status: 405, headers: { allow: "GET" } });
    }
    const found = route(path);
    if (!found) return new Response("Not found", { status: 404 });
    if (request.method !== V1_METHODS[found.name]) {
      return new Response(null, { status: 405, headers: { allow: V1_METHODS[found.name] } });
    }
    return routes[found.name](request, { params: Promise.resolve(found.params) });
  };
}

export type V1TransportOptions = {
  /** Sent with every request besides the key (an Idempotency-Key, say). */
  headers?: Record<string, string>;
  /** Instead of v1Fetch(chat) (to look at the responses, say). */
  fetch?: typeof fetch;
  /** Where reconnectToStream goes (default useChat's `{api}/{chatId}/stream`). */
  reconnectUrl?: string;
};

/** useChat's transport on `/v1/agents/{slug}/chat`, with the key in its headers. */
export function v1Transport(
  chat: ChatDeps,
  slug: string,
  key: string,
  options: V1TransportOptions = {},
) {
  const headers = { authorization: `Bearer ${key}`, ...options.headers };
  const { reconnectUrl } = options;
  return new DefaultChatTransport<UIMessage>({
    api: `${V1}/agents/${slug}/chat`,
    headers,
    fetch: options.fetch ?? v1Fetch(chat),
    ...(reconnectUrl && {
      prepareReconnectToStreamRequest: () => ({ api: reconnectUrl, headers }),
    }),
  });
}

/** Rejoins `GET /v1/threads/{threadId}/stream`, read by the AI SDK's transport (null on 204). */
export function v1RejoinThread(chat: ChatDeps, threadId: string, key: string) {
  return v1Transport(chat, "unused", key, {
    reconnectUrl: `${V1}/threads/${threadId}/stream`,
  }).reconnectToStream({ chatId: threadId });
}

export async function v1Json(
  chat: ChatDeps,
  key: string | null,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await v1Fetch(chat)(`${V1}${path}`, {
    method: init.method ?? "POST",
    headers: {
      ...(key && { authorization: `Bearer ${key}` }),
      ...(init.body !== undefined && { "content-type": "application/json" }),
      ...init.headers,
    },
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, body: json, text };
}

/** The code and message of an answer's `{error: {code, message}}`. */
export const errorOf = (body: Record<string, unknown> | null) =>
  (body?.error ?? {}) as { code?: string; message?: string };

/** Sends one user message through a transport; the answer's stream, unread. */
export function v1Send(
  transport: ChatTransport<UIMessage>,
  message: UIMessage | string,
  options: { chatId?: string; abortSignal?: AbortSignal } = {},
) {
  return transport.sendMessages({
    trigger: "submit-message",
    chatId: options.chatId ?? uid("chat"),
    messageId: undefined,
    messages: [typeof message === "string" ? userMessage(message) : message],
    abortSignal: options.abortSignal,
  });
}

/** A model answer of `words` words, one every `deltaDelayMs`: a turn long enough to meet. */
export const slowText = (words = 40, deltaDelayMs = 30) =>
  text(Array.from({ length: words }, (_, i) => `word${i}`).join(" "), { deltaDelayMs });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The agent's running execution, once a turn has begun. */
export async function runningTurn(agentId: string) {
  for (let i = 0; i < 500; i++) {
    const row = await testDb().execution.findFirst({ where: { agentId, status: "running" } });
    if (row) return row;
    await pause(10);
  }
  throw new Error("no running turn");
}

/** The execution once its turn has ended. */
export async function endedTurn(executionId: string) {
  for (let i = 0; i < 500; i++) {
    const row = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    if (row.status !== "running") return row;
    await pause(10);
  }
  throw new Error("the turn did not end");
}
