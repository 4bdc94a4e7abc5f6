import { Prisma, type Environment, type ExecutionStatus } from "@/generated/prisma/client";
import type { StoredMessage } from "@/server/agent/history";
import { HISTORY_LIMIT } from "@/server/agent/history";
import { conflict, notFound } from "@/server/errors";
import type { Db } from "@/server/db/client";
import type { DbClient } from "@/server/services/context";

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

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

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

/**
 * The thread a chat continues, created when the caller's external id is new. A thread of
 * another organization or agent is "not found", whoever asks.
 */
export async function openThread(db: DbClient, ref: ThreadRef) {
  const select = { id: true, userId: true, externalId: true } as const;
  if (ref.threadId) {
    const where = { id: ref.threadId, organizationId: ref.orgId, agentId: ref.agentId };
    const thread = await db.thread.findFirst({ where, select });
    if (!thread) throw notFound("Thread");
    return thread;
  }
  if (ref.externalId === undefined) {
    return db.thread.create({
      data: {
        organizationId: ref.orgId,
        agentId: ref.agentId,
        userId: ref.userId ?? null,
        metadata: ref.metadata,
      },
      select,
    });
  }
  const key = { organizationId: ref.orgId, agentId: ref.agentId, externalId: ref.externalId };
  try {
    return await db.thread.upsert({
      where: { organizationId_agentId_externalId: key },
      create: { ...key, userId: ref.userId ?? null, metadata: ref.metadata },
      // Touched when its turn begins (beginTurn), not here: a refused chat changes nothing.
      update: {},
      select,
    });
  } catch (error) {
    // Two first messages on one new external id at once: the other one created it.
    if (!isUniqueViolation(error)) throw error;
    return db.thread.findUniqueOrThrow({
      where: { organizationId_agentId_externalId: key },
      select,
    });
  }
}

/** The latest messages of a thread, oldest first (the history window is cut from these). */
export async function loadThreadHistory(db: DbClient, threadId: string): Promise<StoredMessage[]> {
  const latest = await db.message.findMany({
    where: { threadId },
    orderBy: { seq: "desc" },
    take: HISTORY_LIMIT,
    select: { role: true, content: true, toolCalls: true, toolCallId: true, isError: true },
  });
  return latest.reverse();
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
};

export const TURN_RUNNING_MESSAGE = "A turn is already running on this thread";

/**
 * Starts a turn: its execution row (`running`) and the user message, in one transaction. The
 * database allows one running execution per thread (a partial unique index), so a second turn
 * started at the same time by any instance is refused with 409.
 */
export async function beginTurn(db: Db, input: BeginTurnInput) {
  const run = async (tx: Prisma.TransactionClient) => {
    await sweepAbandonedTurns(tx, input.orgId, { threadId: input.threadId });
    const execution = await tx.execution.create({
      data: {
        organizationId: input.orgId,
        agentId: input.agentId,
        threadId: input.threadId,
        configId: input.configId,
        environment: input.environment,
        model: input.model,
        status: "running",
        deadlineAt: input.deadlineAt,
      },
      select: { id: true, createdAt: true },
    });
    await tx.message.create({
      data: {
        organizationId: input.orgId,
        threadId: input.threadId,
        executionId: execution.id,
        role: "user",
        content: input.userText,
      },
    });
    await tx.thread.update({ where: { id: input.threadId }, data: { updatedAt: new Date() } });
    return execution;
  };
  try {
    return await db.$transaction(run);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(TURN_RUNNING_MESSAGE);
    throw error;
  }
}

export type TurnMessage = {
  role: "assistant" | "tool";
  content: string;
  toolCalls?: Prisma.InputJsonValue;
  toolCallId?: string;
  isError?: boolean;
};

/** Messages the turn produced, stored as they happen (in order, one statement). */
export async function appendTurnMessages(
  db: DbClient,
  turn: { orgId: string; threadId: string; executionId: string },
  messages: TurnMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await db.message.createMany({
    data: messages.map((message) => ({
      organizationId: turn.orgId,
      threadId: turn.threadId,
      executionId: turn.executionId,
      role: message.role,
      content: message.content,
      toolCalls: message.toolCalls,
      toolCallId: message.toolCallId ?? null,
      isError: message.isError ?? false,
    })),
  });
}

export type TurnProgress = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  toolCallCount: number;
  trace: Prisma.InputJsonValue;
};

/**
 * Appends stream parts (and, at step boundaries, the counters so far) to the running turn, and
 * says whether a cancel was requested meanwhile: one statement for both.
 */
export async function recordTurnProgress(
  db: DbClient,
  executionId: string,
  parts: unknown[],
  progress?: TurnProgress,
): Promise<{ cancelRequested: boolean }> {
  const counters = progress
    ? Prisma.sql`, "inputTokens" = ${progress.inputTokens}, "outputTokens" = ${progress.outputTokens},
        "cacheReadTokens" = ${progress.cacheReadTokens}, "cacheWriteTokens" = ${progress.cacheWriteTokens},
        "toolCallCount" = ${progress.toolCallCount}, "trace" = ${JSON.stringify(progress.trace)}::jsonb`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ cancelled: boolean }[]>`
    UPDATE "executions" SET "parts" = "parts" || ${JSON.stringify(parts)}::jsonb ${counters}
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
};

/** Ends the turn: status, counters, trace and the last parts in one statement. */
export async function endTurn(db: DbClient, executionId: string, input: EndTurnInput) {
  await db.$executeRaw`
    UPDATE "executions" SET
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
  const config = {
    select: { id: true, version: true, systemPrompt: true, model: true, tools: true },
  } as const;
  const agent = await db.agent.findFirst({
    where: {
      organizationId: orgId,
      status: { not: "deleted" },
      ...("agentId" in ref ? { id: ref.agentId } : { slug: ref.slug }),
    },
    select: {
      id: true,
      name: true,
      slug: true,
      status: true,
      developmentConfig: config,
      productionConfig: config,
    },
  });
  if (!agent) throw notFound("Agent");
  if (agent.status === "paused") throw conflict("The agent is paused");
  const current = environment === "production" ? agent.productionConfig : agent.developmentConfig;
  if (!current) {
    throw conflict(
      environment === "production"
        ? "The agent has no production config: deploy it first"
        : "The agent has no development config",
    );
  }
  return { agent: { id: agent.id, name: agent.name, slug: agent.slug }, config: current };
}
