import { Prisma, type Environment, type ExecutionStatus } from "@/generated/prisma/client";
import { isUniqueViolation, newId } from "@/server/db/errors";
import type { StoredMessage } from "@/server/agent/history";
import { HISTORY_LIMIT } from "@/server/agent/history";
import { conflict, notFound } from "@/server/errors";
import type { Db, DbClient } from "@/server/db/client";
import { assertNoIdempotentTurn, type TurnIdempotency } from "@/server/services/idempotency";

// The persistence of chat turns: the `executions` row of each turn (created `running`, always
// ended), its messages and its stream parts. Everything a turn needs to be rejoined, cancelled
// or replayed is in the database, so any server instance can serve any request of a thread.

export const ABANDONED_TURN_MESSAGE = "The turn did not finish in time";

/**
 * Ends `timeout` the organization's turns still `running` past their deadline: their process
 * died (a live turn ends itself at its deadline). Called by whoever next looks at turns, so a
 * crash never leaves a thread blocked or a turn running for ever.
 */
export async function sweepAbandonedTurns(
  db: DbClient,
  orgId: string,
  where: { threadId?: string; id?: string } = {},
): Promise<number> {
  const now = new Date();
  const { count } = await db.execution.updateMany({
    where: { organizationId: orgId, status: "running", deadlineAt: { lt: now }, ...where },
    data: {
      status: "timeout",
      stopReason: null,
      errorMessage: ABANDONED_TURN_MESSAGE,
      endedAt: now,
    },
  });
  return count;
}

export type ThreadRef = {
  orgId: string;
  agentId: string;
  /** An existing thread of this organization and agent (else NOT_FOUND). */
  threadId?: string;
  /** The caller's own key for the thread: found or created. */
  externalId?: string;
  /** Who the thread is created for (playground chats). */
  userId?: string | null;
  metadata?: Prisma.InputJsonValue;
};

export type OpenedThread = {
  id: string;
  userId: string | null;
  externalId: string | null;
  /** Its latest messages, oldest first (the history window is cut from these); none when new. */
  history: StoredMessage[];
};

/**
 * An existing thread with its latest HISTORY_LIMIT messages, in one statement (a turn's path
 * reads both: one round trip fewer), or null. The messages come as one JSON array.
 */
async function findThreadWithHistory(
  db: DbClient,
  where: Prisma.Sql,
): Promise<OpenedThread | null> {
  const [row] = await db.$queryRaw<OpenedThread[]>`
    SELECT t."id", t."userId", t."externalId",
      COALESCE((
        SELECT json_agg(json_build_object(
            'role', latest."role", 'content', latest."content", 'toolCalls', latest."toolCalls",
            'toolCallId', latest."toolCallId", 'isError', latest."isError"
          ) ORDER BY latest."seq")
        FROM (
          SELECT m."seq", m."role"::text AS "role", m."content", m."toolCalls", m."toolCallId",
            m."isError"
          FROM "messages" m
          WHERE m."threadId" = t."id"
          ORDER BY m."seq" DESC
          LIMIT ${HISTORY_LIMIT}
        ) latest
      ), '[]'::json) AS "history"
    FROM "threads" t
    WHERE ${where}`;
  return row ?? null;
}

/**
 * The thread a chat continues, with its history, created (without history) when the caller's
 * external id is new. A thread of another organization or agent is "not found", whoever asks.
 */
export async function openThread(db: DbClient, ref: ThreadRef): Promise<OpenedThread> {
  const select = { id: true, userId: true, externalId: true } as const;
  const owned = Prisma.sql`t."organizationId" = ${ref.orgId} AND t."agentId" = ${ref.agentId}`;
  if (ref.threadId) {
    const where = Prisma.sql`t."id" = ${ref.threadId} AND ${owned}`;
    const thread = await findThreadWithHistory(db, where);
    if (!thread) throw notFound("Thread");
    return thread;
  }
  if (ref.externalId === undefined) {
    const created = await db.thread.create({
      data: {
        organizationId: ref.orgId,
        agentId: ref.agentId,
        userId: ref.userId ?? null,
        metadata: ref.metadata,
      },
      select,
    });
    return { ...created, history: [] };
  }
  const byExternalId = Prisma.sql`${owned} AND t."externalId" = ${ref.externalId}`;
  const existing = await findThreadWithHistory(db, byExternalId);
  if (existing) return existing;
  const key = { organizationId: ref.orgId, agentId: ref.agentId, externalId: ref.externalId };
  try {
    const created = await db.thread.create({
      data: { ...key, userId: ref.userId ?? null, metadata: ref.metadata },
      select,
    });
    return { ...created, history: [] };
  } catch (error) {
    // Two first messages on one new external id at once: the other one created it.
    if (!isUniqueViolation(error)) throw error;
    const raced = await findThreadWithHistory(db, byExternalId);
    if (!raced) throw error;
    return raced;
  }
}

/**
 * Deletes a thread nothing was ever written to (no message, no execution): one a request opened
 * for a turn that never began. A thread in use is left as it is.
 */
export async function discardEmptyThread(db: DbClient, orgId: string, threadId: string) {
  await db.thread.deleteMany({
    where: {
      id: threadId,
      organizationId: orgId,
      messages: { none: {} },
      executions: { none: {} },
    },
  });
}

export type BeginTurnInput = {
  orgId: string;
  agentId: string;
  threadId: string;
  configId: string;
  environment: Environment;
  model: string;
  userText: string;
  deadlineAt: Date;
  /** The API key of a public request (usage per key). */
  apiKeyId?: string;
  /** A public request's Idempotency-Key (server/services/idempotency.ts). */
  idempotency?: TurnIdempotency;
};

export const TURN_RUNNING_MESSAGE = "A turn is already running on this thread";

/**
 * Starts a turn in one statement: its execution row (`running`), the user message, and the
 * thread's updatedAt. The database allows one running execution per thread (a partial unique
 * index), so a second turn started at the same time by any instance is refused with 409; a
 * running turn past its deadline (its process died) is ended first and the start retried.
 */
export async function beginTurn(db: Db, input: BeginTurnInput) {
  const insert = () => db.$queryRaw<{ id: string; createdAt: Date }[]>`
    WITH execution AS (
      INSERT INTO "executions" ("id", "organizationId", "agentId", "threadId", "configId",
        "environment", "model", "status", "deadlineAt", "apiKeyId", "idempotencyKey",
        "requestHash")
      VALUES (${newId()}, ${input.orgId}, ${input.agentId}, ${input.threadId}, ${input.configId},
        ${input.environment}::"Environment", ${input.model}, 'running', ${input.deadlineAt},
        ${input.apiKeyId ?? input.idempotency?.apiKeyId ?? null}, ${input.idempotency?.key ?? null},
        ${input.idempotency?.requestHash ?? null})
      RETURNING "id", "createdAt"
    ), message AS (
      INSERT INTO "messages" ("id", "organizationId", "threadId", "executionId", "role", "content")
      SELECT ${newId()}, ${input.orgId}, ${input.threadId}, execution."id", 'user', ${input.userText}
      FROM execution
    ), thread AS (
      UPDATE "threads" SET "updatedAt" = now() WHERE "id" = ${input.threadId}
    )
    SELECT "id", "createdAt" FROM execution`;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await insert())[0]!;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same Idempotency-Key, sent twice at once: the other request runs the turn.
      if (input.idempotency) await assertNoIdempotentTurn(db, input.idempotency, input.threadId);
      const swept = await sweepAbandonedTurns(db, input.orgId, { threadId: input.threadId });
      if (swept === 0 || attempt > 0) throw conflict(TURN_RUNNING_MESSAGE);
    }
  }
}

export type TurnMessage = {
  role: "assistant" | "tool";
  content: string;
  toolCalls?: Prisma.InputJsonValue;
  toolCallId?: string;
  isError?: boolean;
};

export type TurnRef = { orgId: string; threadId: string; executionId: string };

/** A CTE inserting the turn's messages in order (seq follows the order given). */
function messagesCte(turn: TurnRef, messages: TurnMessage[]): Prisma.Sql {
  const rows = messages.map((message, position) => ({
    position,
    id: newId(),
    role: message.role,
    content: message.content,
    toolCalls: message.toolCalls ?? null,
    toolCallId: message.toolCallId ?? null,
    isError: message.isError ?? false,
  }));
  return Prisma.sql`WITH inserted AS (
    INSERT INTO "messages" ("id", "organizationId", "threadId", "executionId", "role", "content",
      "toolCalls", "toolCallId", "isError")
    SELECT m."id", ${turn.orgId}, ${turn.threadId}, ${turn.executionId}, m."role"::"MessageRole",
      m."content", m."toolCalls", m."toolCallId", m."isError"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS m("id" text, "role" text, "content" text, "toolCalls" jsonb, "toolCallId" text,
        "isError" boolean, "position" int)
    ORDER BY m."position"
  )`;
}

export type TurnProgress = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  toolCallCount: number;
  trace: Prisma.InputJsonValue;
};

export type TurnStep = { turn: TurnRef; messages: TurnMessage[]; progress: TurnProgress };

/**
 * Appends stream parts to the running turn (and, at a step's end, its messages and the counters
 * so far), and says whether a cancel was requested meanwhile: one statement for all of it. A
 * step's assistant message and its tool results are stored together, so the history never
 * holds a tool call without its result.
 */
export async function recordTurnProgress(
  db: DbClient,
  executionId: string,
  parts: unknown[],
  step?: TurnStep,
): Promise<{ cancelRequested: boolean }> {
  const progress = step?.progress;
  const counters = progress
    ? Prisma.sql`, "inputTokens" = ${progress.inputTokens}, "outputTokens" = ${progress.outputTokens},
        "cacheReadTokens" = ${progress.cacheReadTokens}, "cacheWriteTokens" = ${progress.cacheWriteTokens},
        "toolCallCount" = ${progress.toolCallCount}, "trace" = ${JSON.stringify(progress.trace)}::jsonb`
    : Prisma.empty;
  const messages =
    step && step.messages.length > 0 ? messagesCte(step.turn, step.messages) : Prisma.empty;
  const rows = await db.$queryRaw<{ cancelled: boolean }[]>`
    ${messages} UPDATE "executions" SET "parts" = "parts" || ${JSON.stringify(parts)}::jsonb ${counters}
    WHERE "id" = ${executionId}
    RETURNING "cancelRequestedAt" IS NOT NULL AS cancelled`;
  return { cancelRequested: rows[0]?.cancelled ?? false };
}

export async function turnCancelRequested(db: DbClient, executionId: string): Promise<boolean> {
  const row = await db.execution.findUnique({
    where: { id: executionId },
    select: { cancelRequestedAt: true },
  });
  return row?.cancelRequestedAt != null;
}

export type EndTurnInput = TurnProgress & {
  status: Exclude<ExecutionStatus, "running">;
  stopReason: string | null;
  errorMessage: string | null;
  durationMs: number;
  /** Parts not yet recorded. */
  parts: unknown[];
  /** The last step's messages, stored with the end. */
  turn: TurnRef;
  messages: TurnMessage[];
};

/** Ends the turn: its last messages, status, counters, trace and last parts in one statement. */
export async function endTurn(db: DbClient, executionId: string, input: EndTurnInput) {
  const messages =
    input.messages.length > 0 ? messagesCte(input.turn, input.messages) : Prisma.empty;
  await db.$executeRaw`
    ${messages} UPDATE "executions" SET
      "status" = ${input.status}::"ExecutionStatus", "stopReason" = ${input.stopReason},
      "errorMessage" = ${input.errorMessage}, "durationMs" = ${input.durationMs},
      "inputTokens" = ${input.inputTokens}, "outputTokens" = ${input.outputTokens},
      "cacheReadTokens" = ${input.cacheReadTokens}, "cacheWriteTokens" = ${input.cacheWriteTokens},
      "toolCallCount" = ${input.toolCallCount}, "trace" = ${JSON.stringify(input.trace)}::jsonb,
      "parts" = "parts" || ${JSON.stringify(input.parts)}::jsonb, "endedAt" = now()
    WHERE "id" = ${executionId} AND "status" = 'running'`;
}

/** The running turn of a thread of this organization, if any (after sweeping dead ones). */
export async function findRunningTurn(db: DbClient, orgId: string, threadId: string) {
  await sweepAbandonedTurns(db, orgId, { threadId });
  return db.execution.findFirst({
    where: { organizationId: orgId, threadId, status: "running" },
    select: { id: true, threadId: true, createdAt: true },
  });
}

/** Flags the thread's running turn for cancellation (any instance's loop sees it); 409 if none. */
export async function requestTurnCancel(db: DbClient, orgId: string, threadId: string) {
  const running = await findRunningTurn(db, orgId, threadId);
  if (!running) throw conflict("No turn is running on this thread");
  await db.execution.updateMany({
    where: { id: running.id, status: "running", cancelRequestedAt: null },
    data: { cancelRequestedAt: new Date() },
  });
  return running;
}

/** A turn's parts from index `from` on, and whether it has ended (for rejoining clients). */
export async function readTurnParts(db: DbClient, executionId: string, from: number) {
  const rows = await db.$queryRaw<
    { status: ExecutionStatus; total: number; parts: unknown[] | null }[]
  >`
    SELECT "status", jsonb_array_length("parts") AS total,
      (SELECT jsonb_agg(part ORDER BY position) FROM jsonb_array_elements("parts")
         WITH ORDINALITY AS elements(part, position) WHERE position > ${from}) AS parts
    FROM "executions" WHERE "id" = ${executionId}`;
  const row = rows[0];
  if (!row) return null;
  return { status: row.status, total: Number(row.total), parts: row.parts ?? [] };
}

export type ChatAgentRef = { agentId: string } | { slug: string };

/**
 * The agent a chat talks to, with its config for the environment. A missing or deleted agent
 * (or one of another organization) is "not found"; a paused one, or one without a config for
 * the environment, is a conflict.
 */
export async function loadAgentForChat(
  db: DbClient,
  orgId: string,
  ref: ChatAgentRef,
  environment: Environment,
) {
  // One statement: the agent and the config its environment points at.
  const pointer =
    environment === "production"
      ? Prisma.sql`a."productionConfigId"`
      : Prisma.sql`a."developmentConfigId"`;
  const match =
    "agentId" in ref ? Prisma.sql`a."id" = ${ref.agentId}` : Prisma.sql`a."slug" = ${ref.slug}`;
  const rows = await db.$queryRaw<
    {
      id: string;
      name: string;
      slug: string;
      status: string;
      configId: string | null;
      version: number | null;
      systemPrompt: string | null;
      model: Prisma.JsonValue;
      tools: Prisma.JsonValue;
      permissionsVersion: number;
    }[]
  >`
    SELECT a."id", a."name", a."slug", a."status"::text AS "status", c."id" AS "configId",
      c."version", c."systemPrompt", c."model", c."tools", o."permissionsVersion"
    FROM "agents" a
      JOIN "organizations" o ON o."id" = a."organizationId"
      LEFT JOIN "agentConfigs" c ON c."id" = ${pointer}
    WHERE a."organizationId" = ${orgId} AND a."status" <> 'deleted' AND ${match}
    LIMIT 1`;
  const row = rows[0];
  if (!row) throw notFound("Agent");
  if (row.status === "paused") throw conflict("The agent is paused");
  if (!row.configId) {
    throw conflict(
      environment === "production"
        ? "The agent has no production config: deploy it first"
        : "The agent has no development config",
    );
  }
  return {
    agent: { id: row.id, name: row.name, slug: row.slug },
    /** The organization's, read now: the turn's agent actors share policy contexts under it. */
    permissionsVersion: row.permissionsVersion,
    config: {
      id: row.configId,
      version: row.version ?? 0,
      systemPrompt: row.systemPrompt ?? "",
      model: row.model,
      tools: row.tools,
    },
  };
}
