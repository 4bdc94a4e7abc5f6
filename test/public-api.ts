import { DefaultChatTransport, type UIMessage } from "ai";
import type { Environment } from "@/generated/prisma/client";
import type { RateLimits } from "@/server/auth/rate-limit";
import type { ChatDeps } from "@/server/agent/chat";
import { publicChatRoutes } from "@/server/http/public-chat";
import { createApiKey } from "@/server/services/api-keys";
import { testDb } from "@/test/db";
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

type Route = keyof ReturnType<typeof publicChatRoutes>;

function route(path: string[]): { name: Route; params: Record<string, string> } | null {
  // v1 / chat | v1 / agents / {slug} / chat [/ {id} / stream] | v1 / threads / {id} / {action}
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

/** fetch for the /v1 routes; an unknown path answers 404 as Next would. */
export function v1Fetch(chat: ChatDeps, limits: RateLimits = GENEROUS) {
  const routes = publicChatRoutes({ db: testDb, chat: () => chat, limits });
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const found = route(path);
    if (!found) return new Response("Not found", { status: 404 });
    return routes[found.name](request, { params: Promise.resolve(found.params) });
  };
}

export function v1Transport(chat: ChatDeps, slug: string, key: string) {
  return new DefaultChatTransport<UIMessage>({
    api: `${V1}/agents/${slug}/chat`,
    headers: { authorization: `Bearer ${key}` },
    fetch: v1Fetch(chat),
  });
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
