import Anthropic from "@anthropic-ai/sdk";
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai";
import type { Prisma } from "@/generated/prisma/client";
import type { AgentConfigInput, ToolConfig } from "@/server/agent/config";
import type { ChatDeps } from "@/server/agent/chat";
import { encodeLocalSession, LOCAL_SESSION_COOKIE } from "@/server/auth/local-session";
import {
  dashboardCancelHandler,
  dashboardChatHandler,
  dashboardResumeHandler,
} from "@/server/http/dashboard-chat";
import { testDb, uid } from "@/test/db";
import { startFakeAnthropic, type FakeAnthropic, type FakeRequest } from "@/test/fakes/anthropic";

// Chats in tests as a client would have them: the dashboard's chat routes called with a signed
// session cookie, read by the AI SDK's own client transport (strict validation of every part),
// the model being the fake Anthropic server on loopback driven through the real SDK.

export type ChatHarness = { fake: FakeAnthropic; deps: ChatDeps; close(): Promise<void> };

export async function startChatHarness(options: Partial<ChatDeps> = {}): Promise<ChatHarness> {
  const fake = await startFakeAnthropic();
  const client = new Anthropic({ apiKey: "test-key", baseURL: fake.url, maxRetries: 2 });
  const deps: ChatDeps = {
    model: { client: () => client },
    turnTimeoutMs: 10_000,
    recorderTiming: { flushMs: 20, cancelPollMs: 50 },
    ...options,
  };
  return { fake, deps, close: () => fake.close() };
}

/** An agent with a development config (and optionally production), made like the services do. */
export async function createChatAgent(
  orgId: string,
  config: Partial<AgentConfigInput> = {},
  options: { production?: boolean; status?: "active" | "paused" | "deleted" } = {},
) {
  const db = testDb();
  const slug = uid("agent");
  const agent = await db.agent.create({
    data: {
      organizationId: orgId,
      name: `Agent ${slug}`,
      slug,
      status: options.status ?? "active",
    },
  });
  const row = (environment: "development" | "production") => ({
    organizationId: orgId,
    agentId: agent.id,
    version: 1,
    environment,
    name: config.name ?? "config",
    systemPrompt: config.systemPrompt ?? "You are helpful.",
    model: (config.model ?? {
      provider: "anthropic",
      name: "claude-test",
    }) as Prisma.InputJsonValue,
    tools: (config.tools ?? []) as Prisma.InputJsonValue,
  });
  const dev = await db.agentConfig.create({ data: row("development") });
  const prod = options.production ? await db.agentConfig.create({ data: row("production") }) : null;
  return db.agent.update({
    where: { id: agent.id },
    data: { developmentConfigId: dev.id, productionConfigId: prod?.id ?? null },
  });
}

export const builtin = (name: Extract<ToolConfig, { isBuiltin: true }>["name"]): ToolConfig => ({
  isBuiltin: true,
  name,
});

export function sessionCookie(userId: string, orgId: string): string {
  return `${LOCAL_SESSION_COOKIE}=${encodeLocalSession({ userId, orgId })}`;
}

const BASE = "http://app.test";

/** Dispatches a request to the dashboard chat route handlers, as Next would. */
export function dashboardFetch(deps: ChatDeps) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.split("/").filter(Boolean);
    // api / agents / {agentId} / chat [/ {threadRef} / stream|cancel]
    const agentId = path[2]!;
    const routes = { db: testDb, chat: () => deps };
    if (path.length === 4) return dashboardChatHandler(agentId, routes)(request);
    if (path[5] === "stream") return dashboardResumeHandler(agentId, path[4]!, routes)(request);
    return dashboardCancelHandler(agentId, path[4]!, routes)(request);
  };
}

export function chatTransport(deps: ChatDeps, agentId: string, cookie: string) {
  return new DefaultChatTransport<UIMessage>({
    api: `${BASE}/api/agents/${agentId}/chat`,
    headers: { cookie },
    fetch: dashboardFetch(deps),
  });
}

export function userMessage(text: string): UIMessage {
  return { id: uid("m"), role: "user", parts: [{ type: "text", text }] };
}

/** Reads a chunk stream to its end: the chunks, and the message the AI SDK's reader built. */
export async function readChat(stream: ReadableStream<UIMessageChunk>) {
  const chunks: UIMessageChunk[] = [];
  const [forChunks, forMessage] = stream.tee();
  const collect = (async () => {
    const reader = forChunks.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  let message: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream({
    stream: forMessage,
    terminateOnError: false,
  })) {
    message = snapshot;
  }
  await collect;
  return { chunks, message: message! };
}

/** Sends one user message through useChat's transport and reads the whole answer. */
export async function chat(
  deps: ChatDeps,
  agentId: string,
  cookie: string,
  text: string,
  chatId = uid("chat"),
) {
  const transport = chatTransport(deps, agentId, cookie);
  const stream = await transport.sendMessages({
    trigger: "submit-message",
    chatId,
    messageId: undefined,
    messages: [userMessage(text)],
    abortSignal: undefined,
  });
  return { chatId, ...(await readChat(stream)) };
}

/** The same route asked for JSON (our own body shape). */
export async function chatJson(
  deps: ChatDeps,
  agentId: string,
  cookie: string,
  body: Record<string, unknown>,
) {
  const response = await dashboardFetch(deps)(`${BASE}/api/agents/${agentId}/chat`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ stream: false, ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const typesOf = (chunks: UIMessageChunk[]) => chunks.map((chunk) => chunk.type);

/** What a recorded model request sent: its messages and its tools' names. */
export function sent(request: FakeRequest | undefined) {
  if (!request?.body) throw new Error("no request body was recorded");
  const messages = (request.body.messages ?? []) as Anthropic.MessageParam[];
  const tools = (request.body.tools ?? []) as { name: string }[];
  return { messages, toolNames: tools.map((tool) => tool.name) };
}
