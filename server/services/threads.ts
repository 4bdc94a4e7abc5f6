import { isUniqueViolation } from "@/server/db/errors";
import { LIMITS, serializedSize } from "@/lib/input-limits";
import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { Prisma } from "@/generated/prisma/client";
import { isOrgAdmin } from "@/server/auth/actor";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import { findOwnAgent } from "@/server/services/agents";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { assertCursorInList, cursorNotInList } from "@/server/services/paging";
import { sweepAbandonedTurns } from "@/server/services/turns";
import type {
  addMessageInput,
  createThreadInput,
  listThreadsInput,
  updateThreadInput,
} from "@/server/routers/threads.schemas";

// Threads of an organization's agents and their messages (docs/agents.md). Any member
// reads them and may open a thread; owners and admins change and delete them (a thread's own
// user may change its metadata). Threads are keyed by (organization, agent, externalId); one of
// another organization is "not found", as is any id passed as a filter. Lists page in SQL;
// message pages are keyset pages on `seq`, after the cursor message.

export const MANAGE_THREADS = "manage threads";
export const MESSAGE_MAX_CHARS = 100_000;

const threadSelect = {
  id: true,
  agentId: true,
  agent: { select: { id: true, name: true, slug: true } },
  userId: true,
  externalId: true,
  metadata: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { messages: true } },
} as const;

type ThreadRow = Prisma.ThreadGetPayload<{ select: typeof threadSelect }>;

export const messageSelect = {
  id: true,
  role: true,
  content: true,
  toolCalls: true,
  toolCallId: true,
  isError: true,
  executionId: true,
  createdAt: true,
} as const;

/** A thread of the organization, or NOT_FOUND. */
export async function findOwnThread(db: DbClient, orgId: string, threadId: string) {
  const thread = await db.thread.findFirst({
    where: { id: threadId, organizationId: orgId },
    select: { id: true, agentId: true, userId: true, externalId: true },
  });
  if (!thread) throw notFound("Thread");
  return thread;
}

/** The page's threads in the list shape: last message and running turn in one query each. */
async function toThreadItems(db: DbClient, orgId: string, rows: ThreadRow[]) {
  const ids = rows.map((row) => row.id);
  const [last, running] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db.message.groupBy({
            by: ["threadId"],
            where: { organizationId: orgId, threadId: { in: ids } },
            _max: { createdAt: true },
          }),
          db.execution.findMany({
            where: { organizationId: orgId, threadId: { in: ids }, status: "running" },
            select: { threadId: true },
          }),
        ]);
  const lastAt = new Map(last.map((group) => [group.threadId, group._max.createdAt]));
  const busy = new Set(running.map((turn) => turn.threadId));
  return rows.map(({ _count, ...thread }) => ({
    ...thread,
    messageCount: _count.messages,
    lastMessageAt: lastAt.get(thread.id) ?? null,
    running: busy.has(thread.id),
  }));
}

async function threadItem(db: DbClient, orgId: string, where: Prisma.ThreadWhereInput) {
  const row = await db.thread.findFirst({
    where: { ...where, organizationId: orgId },
    select: threadSelect,
  });
  if (!row) throw notFound("Thread");
  return (await toThreadItems(db, orgId, [row]))[0]!;
}

/** Metadata is a JSON object of at most 16 KiB serialized; null clears it. */
function checkMetadata(metadata: Record<string, unknown> | null | undefined) {
  if (metadata === undefined || metadata === null) return;
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    throw badRequest("metadata must be a JSON object", "metadata");
  }
  if (serializedSize(metadata) > LIMITS.smallJsonBytes) {
    throw badRequest("metadata is at most 16 KiB as JSON", "metadata");
  }
}

const jsonColumn = (metadata: Record<string, unknown> | null | undefined) =>
  metadata === null || metadata === undefined
    ? Prisma.DbNull
    : (metadata as Prisma.InputJsonObject);

/** What threads.list validates. */
export type ListThreadsInput = z.output<typeof listThreadsInput>;

/** Newest updated first. */
export async function listThreads(ctx: ServiceContext, input: ListThreadsInput = {}) {
  const orgId = ctx.actor.orgId;
  const limit = input.limit ?? 50;
  if (input.agentId) await findOwnAgent(ctx.db, orgId, input.agentId, { includeDeleted: true });
  if (input.userId) {
    const member = await ctx.db.membership.count({
      where: { organizationId: orgId, userId: input.userId },
    });
    if (member === 0) throw notFound("User");
  }
  await sweepAbandonedTurns(ctx.db, orgId);
  const where: Prisma.ThreadWhereInput = {
    organizationId: orgId,
    ...(input.agentId !== undefined && { agentId: input.agentId }),
    ...(input.externalId !== undefined && { externalId: input.externalId }),
    ...(input.userId !== undefined && { userId: input.userId }),
  };
  if (input.cursor) {
    await assertCursorInList(
      ctx.db.thread.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }),
    );
  }
  const rows = await ctx.db.thread.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: threadSelect,
  });
  const page = rows.slice(0, limit);
  return {
    items: await toThreadItems(ctx.db, orgId, page),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

export async function getThread(ctx: ServiceContext, input: { id: string }) {
  await sweepAbandonedTurns(ctx.db, ctx.actor.orgId, { threadId: input.id });
  return threadItem(ctx.db, ctx.actor.orgId, { id: input.id });
}

export async function getThreadByExternalId(
  ctx: ServiceContext,
  input: { agentId: string; externalId: string },
) {
  const orgId = ctx.actor.orgId;
  const agent = await findOwnAgent(ctx.db, orgId, input.agentId, { includeDeleted: true });
  await sweepAbandonedTurns(ctx.db, orgId);
  return threadItem(ctx.db, orgId, { agentId: agent.id, externalId: input.externalId });
}

/** The thread with its latest `messageLimit` messages (default 100), oldest first. */
export async function getThreadWithMessages(
  ctx: ServiceContext,
  input: { id: string; messageLimit?: number },
) {
  const thread = await getThread(ctx, { id: input.id });
  const latest = await ctx.db.message.findMany({
    where: { threadId: thread.id, organizationId: ctx.actor.orgId },
    orderBy: { seq: "desc" },
    take: input.messageLimit ?? 100,
    select: messageSelect,
  });
  return { ...thread, messages: latest.reverse() };
}

/** Messages oldest first (by `seq`); a page continues after its cursor message. */
export async function getMessages(
  ctx: ServiceContext,
  input: { threadId: string; cursor?: string; limit?: number },
) {
  const orgId = ctx.actor.orgId;
  const thread = await findOwnThread(ctx.db, orgId, input.threadId);
  const limit = input.limit ?? 50;
  const where: Prisma.MessageWhereInput = { threadId: thread.id, organizationId: orgId };
  let after: bigint | undefined;
  if (input.cursor) {
    const cursor = await ctx.db.message.findFirst({
      where: { ...where, id: input.cursor },
      select: { seq: true },
    });
    if (!cursor) throw cursorNotInList();
    after = cursor.seq;
  }
  const rows = await ctx.db.message.findMany({
    where: { ...where, ...(after !== undefined && { seq: { gt: after } }) },
    orderBy: { seq: "asc" },
    take: limit + 1,
    select: messageSelect,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** What threads.create validates. */
export type CreateThreadInput = z.output<typeof createThreadInput>;

const externalIdTaken = () =>
  conflict("This agent already has a thread with this externalId", "externalId");

/** Any member may open a thread with a live agent; the thread is theirs. */
export async function createThread(ctx: ServiceContext, input: CreateThreadInput) {
  const actor = ctx.actor;
  checkMetadata(input.metadata);
  const created = await ctx.db
    .$transaction(async (tx) => {
      const agent = await findOwnAgent(tx, actor.orgId, input.agentId);
      if (input.externalId !== undefined) {
        const taken = await tx.thread.count({
          where: { organizationId: actor.orgId, agentId: agent.id, externalId: input.externalId },
        });
        if (taken > 0) throw externalIdTaken();
      }
      const thread = await tx.thread.create({
        data: {
          organizationId: actor.orgId,
          agentId: agent.id,
          userId: actor.type === "user" ? actor.userId : null,
          externalId: input.externalId ?? null,
          metadata: jsonColumn(input.metadata),
        },
        select: { id: true },
      });
      await recordEvent(tx, actor, {
        eventType: "thread.created",
        payload: { threadId: thread.id, agentId: agent.id, externalId: input.externalId ?? null },
      });
      return thread;
    })
    .catch((error: unknown) => {
      // The same externalId created twice at once: the unique (org, agent, externalId) decides.
      if (isUniqueViolation(error)) {
        throw externalIdTaken();
      }
      throw error;
    });
  return threadItem(ctx.db, actor.orgId, { id: created.id });
}

/** What threads.update validates. */
export type UpdateThreadInput = z.output<typeof updateThreadInput>;

/** Replaces the metadata (null clears it): owners, admins, or the thread's own user. */
export async function updateThread(ctx: ServiceContext, input: UpdateThreadInput) {
  const actor = ctx.actor;
  checkMetadata(input.metadata);
  await ctx.db.$transaction(async (tx) => {
    const thread = await findOwnThread(tx, actor.orgId, input.id);
    const own = actor.type === "user" && thread.userId !== null && thread.userId === actor.userId;
    if (!own && !isOrgAdmin(actor) && actor.type !== "system") {
      throw forbidden("Only organization owners and admins, or the thread's user, can change it");
    }
    await tx.thread.update({
      where: { id: thread.id },
      data: { metadata: jsonColumn(input.metadata) },
    });
    await recordEvent(tx, actor, {
      eventType: "thread.updated",
      payload: {
        threadId: thread.id,
        agentId: thread.agentId,
        metadata: (input.metadata ?? null) as Prisma.InputJsonValue,
      },
    });
  });
  return threadItem(ctx.db, actor.orgId, { id: input.id });
}

/**
 * Deletes the thread and its messages; its turns stay as usage history (threadId cleared).
 * Refused while a turn runs on it.
 */
export async function removeThread(ctx: ServiceContext, input: { id: string }) {
  requireOrgAdmin(ctx.actor, MANAGE_THREADS);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const thread = await findOwnThread(tx, actor.orgId, input.id);
    // The row lock keeps a turn from starting on the thread meanwhile, as far as it locks too.
    await tx.$queryRaw`SELECT "id" FROM "threads" WHERE "id" = ${thread.id} FOR UPDATE`;
    await sweepAbandonedTurns(tx, actor.orgId, { threadId: thread.id });
    const running = await tx.execution.count({
      where: { organizationId: actor.orgId, threadId: thread.id, status: "running" },
    });
    if (running > 0) throw conflict("A turn is running on this thread; cancel it first");
    const messageCount = await tx.message.count({ where: { threadId: thread.id } });
    await tx.thread.delete({ where: { id: thread.id } });
    await recordEvent(tx, actor, {
      eventType: "thread.deleted",
      payload: {
        threadId: thread.id,
        agentId: thread.agentId,
        externalId: thread.externalId,
        messageCount,
      },
    });
    return { id: thread.id, removed: true as const };
  });
}

/** What threads.addMessage validates. */
export type AddMessageInput = z.output<typeof addMessageInput>;

/** A message added by hand (owners and admins); the thread moves to the top of the list. */
export async function addMessage(ctx: ServiceContext, input: AddMessageInput) {
  requireOrgAdmin(ctx.actor, MANAGE_THREADS);
  const actor = ctx.actor;
  if (input.content.trim().length === 0) throw badRequest("content is required", "content");
  if (input.content.length > MESSAGE_MAX_CHARS) {
    throw badRequest("content is at most 100,000 characters", "content");
  }
  return ctx.db.$transaction(async (tx) => {
    const thread = await findOwnThread(tx, actor.orgId, input.threadId);
    const message = await tx.message.create({
      data: {
        organizationId: actor.orgId,
        threadId: thread.id,
        role: input.role,
        content: input.content,
      },
      select: messageSelect,
    });
    await tx.thread.update({ where: { id: thread.id }, data: { updatedAt: message.createdAt } });
    await recordEvent(tx, actor, {
      eventType: "thread.messageAdded",
      payload: { threadId: thread.id, messageId: message.id, role: message.role },
    });
    return message;
  });
}
