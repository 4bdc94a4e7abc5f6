import { z } from "zod";
import type { Environment, Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { conflict } from "@/server/errors";
import {
  modelSettingsSchema,
  toolConfigSchema,
  type ModelSettings,
  type ToolConfig,
} from "@/server/agent/config";
import { runTurn } from "@/server/agent/loop";
import { envModelProvider, type ModelProvider } from "@/server/agent/model-client";
import type { OtlpTarget } from "@/server/agent/otlp";
import type { TurnOutcome } from "@/server/agent/outcome";
import {
  DEFAULT_RECORDER_TIMING,
  liveTurns,
  TurnRecorder,
  type RecorderTiming,
} from "@/server/agent/turn-recorder";
import { env } from "@/server/env";
import { toolPermissionsByTool } from "@/server/services/tool-permissions";
import type { TurnIdempotency } from "@/server/services/idempotency";
import {
  beginTurn,
  loadAgentForChat,
  openThread,
  type ChatAgentRef,
} from "@/server/services/turns";

// Starting a chat turn, for every caller (the public API, the dashboard's playground): resolve
// the agent and its config for the environment, the thread, the history; start the turn (409
// while another runs on the thread); run the loop in the background. The caller renders the
// turn as a stream (following its recorder) or as JSON (awaiting `done`). A client that goes
// away does not stop the turn: it completes and is persisted, and can be rejoined.

export type ChatDeps = {
  model: ModelProvider;
  /** How long a turn may run before it is ended `timeout`. */
  turnTimeoutMs: number;
  recorderTiming: RecorderTiming;
  /** Where each turn's spans are exported over OTLP (none: they stay on the execution row). */
  traces?: OtlpTarget | null;
};

export function defaultChatDeps(): ChatDeps {
  const e = env();
  return {
    model: envModelProvider,
    turnTimeoutMs: e.AGENT_TURN_TIMEOUT_MS,
    recorderTiming: DEFAULT_RECORDER_TIMING,
    traces: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
          headers: e.OTEL_EXPORTER_OTLP_HEADERS,
          serviceName: e.OTEL_SERVICE_NAME,
        }
      : null,
  };
}

/** After its own deadline a live turn has ended itself; past this one it was abandoned. */
const ABANDON_GRACE_MS = 30_000;

export type ChatInput = {
  db: Db;
  /**
   * The verified caller (its organization is the chat's), and who chats unless `chatActor`
   * says otherwise: the signed-in user in the playground.
   */
  actor: Actor;
  /** Who chats, once the agent is known (the public API: the agent acting with its role). */
  chatActor?: (agent: { id: string }) => Actor;
  /** Refuses an agent the caller may not chat with (throws); runs before anything is written. */
  checkAgent?: (agent: { id: string; slug: string }) => void;
  /** The API key of a public request, and its Idempotency-Key. */
  apiKeyId?: string;
  idempotency?: TurnIdempotency;
  agent: ChatAgentRef;
  environment: Environment;
  message: string;
  threadId?: string;
  externalThreadId?: string;
  metadata?: Record<string, unknown>;
  /** The user a new thread belongs to (playground chats). */
  threadUserId?: string | null;
  /** Refuses a thread the caller may not continue (throws); runs before anything is written. */
  checkThread?: (thread: { id: string; userId: string | null }) => void;
};

export type StartedTurn = {
  threadId: string;
  executionId: string;
  recorder: TurnRecorder;
  done: Promise<TurnOutcome>;
};

type ParsedConfig = { id: string; systemPrompt: string; model: ModelSettings; tools: ToolConfig[] };
const storedTools = z.array(toolConfigSchema);
/** Config rows never change: each is parsed once per process (bounded, oldest out first). */
const parsedConfigs = new Map<string, ParsedConfig>();

function parseConfig(row: {
  id: string;
  systemPrompt: string;
  model: Prisma.JsonValue;
  tools: Prisma.JsonValue;
}): ParsedConfig {
  const cached = parsedConfigs.get(row.id);
  if (cached) return cached;
  const model = modelSettingsSchema.safeParse(row.model);
  const tools = storedTools.safeParse(row.tools);
  if (!model.success || !tools.success) {
    throw conflict("The agent's config is not valid: sync a new development config");
  }
  const parsed = {
    id: row.id,
    systemPrompt: row.systemPrompt,
    model: model.data,
    tools: tools.data,
  };
  if (parsedConfigs.size >= 1_000) parsedConfigs.delete(parsedConfigs.keys().next().value!);
  parsedConfigs.set(row.id, parsed);
  return parsed;
}

/** An agent actor made for this turn shares policy contexts under the version just read. */
function withPermissionsVersion(actor: Actor, permissionsVersion: number): Actor {
  return actor.type === "agent" && actor.permissionsVersion === undefined
    ? { ...actor, permissionsVersion }
    : actor;
}

export async function startChat(
  input: ChatInput,
  deps: ChatDeps = defaultChatDeps(),
): Promise<StartedTurn> {
  const { db, actor } = input;
  const orgId = actor.orgId;
  const {
    agent,
    config: row,
    permissionsVersion,
  } = await loadAgentForChat(db, orgId, input.agent, input.environment);
  input.checkAgent?.(agent);
  const config = parseConfig(row);
  const client = deps.model.client();
  // The thread (with its history) and the tools' permissions at once: neither needs the other.
  const [thread, permissions] = await Promise.all([
    openThread(db, {
      orgId,
      agentId: agent.id,
      threadId: input.threadId,
      externalId: input.externalThreadId,
      userId: input.threadUserId ?? null,
      metadata: input.metadata as Prisma.InputJsonValue | undefined,
    }),
    config.tools.length > 0
      ? toolPermissionsByTool(db, orgId, agent.id)
      : Promise.resolve(new Map<string, never>()),
  ]);
  input.checkThread?.(thread);
  const history = thread.history;
  const startedAt = Date.now();
  const execution = await beginTurn(db, {
    orgId,
    agentId: agent.id,
    threadId: thread.id,
    configId: config.id,
    environment: input.environment,
    model: config.model.name,
    userText: input.message,
    deadlineAt: new Date(startedAt + deps.turnTimeoutMs + ABANDON_GRACE_MS),
    apiKeyId: input.apiKeyId,
    idempotency: input.idempotency,
  });
  const recorder = new TurnRecorder(db, execution.id, deps.recorderTiming);
  liveTurns.add(recorder);
  const done = runTurn({
    db,
    client,
    chatActor: withPermissionsVersion(input.chatActor?.(agent) ?? actor, permissionsVersion),
    orgId,
    agent,
    threadId: thread.id,
    executionId: execution.id,
    environment: input.environment,
    config,
    permissions,
    history,
    userText: input.message,
    startedAt,
    timeoutMs: deps.turnTimeoutMs,
    recorder,
    traces: deps.traces ?? null,
  }).finally(() => liveTurns.delete(execution.id));
  return { threadId: thread.id, executionId: execution.id, recorder, done };
}
