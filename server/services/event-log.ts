import type { ActorType, Prisma } from "@/generated/prisma/client";
import { applyMasks, policyFor, type PolicyEngine } from "@/server/policy";
import { assertCursorInList } from "@/server/services/paging";
import { notFound } from "@/server/errors";
import type { ServiceContext } from "@/server/services/context";
import { entityFor } from "@/server/services/entities";
import { recordEvent } from "@/server/services/events";

// Reading the audit log, and emitting custom events. Filters and cursor pagination run in SQL
// (the original took a page and then filtered it). Owners and admins read the whole log; anyone
// else reads only events of entities they may read (in SQL, so pages stay exact), with the
// entity data inside payloads masked as the entity itself would be.

const eventSelect = {
  id: true,
  entityId: true,
  entityTypeSlug: true,
  eventType: true,
  schemaVersion: true,
  actorType: true,
  actorId: true,
  payload: true,
  timestamp: true,
} as const;

export type ListEventsInput = {
  entityId?: string;
  eventType?: string;
  actorType?: ActorType;
  actorId?: string;
  since?: Date;
  until?: Date;
  limit?: number;
  cursor?: string;
};

/** Events the actor may see: all for bypassing actors, else those of readable entities. */
async function visibleEvents(
  ctx: ServiceContext,
  policy: PolicyEngine,
): Promise<Prisma.EventWhereInput> {
  if (policy.context.bypass) return {};
  const types = await ctx.db.entityType.findMany({
    where: { organizationId: ctx.actor.orgId },
    select: { id: true, slug: true },
  });
  const readable = types.filter((type) => policy.can(type.slug, "read"));
  return {
    entity: {
      // AND, not a spread: a scope rule on entityTypeId must not replace the type condition.
      OR: readable.map((type) => ({
        AND: [{ entityTypeId: type.id }, policy.scope(type.slug, "read")],
      })),
    },
  };
}

const PAYLOAD_DATA_KEYS = ["data", "changes", "previousData"] as const;

/** Entity data inside a payload is masked like the entity (hidden fields never leak here). */
function maskPayload<E extends { entityTypeSlug: string | null; payload: Prisma.JsonValue }>(
  policy: PolicyEngine,
  event: E,
): E {
  if (policy.context.bypass || !event.entityTypeSlug) return event;
  const payload = event.payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return event;
  const masks = policy.masks(event.entityTypeSlug);
  const masked = { ...payload } as Record<string, Prisma.JsonValue>;
  for (const key of PAYLOAD_DATA_KEYS) {
    if (key in masked) masked[key] = applyMasks({ data: masked[key] }, masks).data ?? null;
  }
  return { ...event, payload: masked };
}

export async function listEvents(ctx: ServiceContext, input: ListEventsInput) {
  const policy = await policyFor(ctx);
  const limit = input.limit ?? 50;
  const where: Prisma.EventWhereInput = {
    ...(await visibleEvents(ctx, policy)),
    organizationId: ctx.actor.orgId,
    ...(input.entityId !== undefined && { entityId: input.entityId }),
    ...(input.eventType !== undefined && { eventType: input.eventType }),
    ...(input.actorType !== undefined && { actorType: input.actorType }),
    ...(input.actorId !== undefined && { actorId: input.actorId }),
    ...((input.since || input.until) && {
      timestamp: {
        ...(input.since && { gte: input.since }),
        ...(input.until && { lt: input.until }),
      },
    }),
  };
  if (input.cursor)
    await assertCursorInList(
      ctx.db.event.findFirst({
        where: { AND: [{ id: input.cursor }, where] },
        select: { id: true },
      }),
    );
  const rows = await ctx.db.event.findMany({
    where,
    orderBy: [{ timestamp: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: eventSelect,
  });
  const items = rows.slice(0, limit);
  return {
    items: items.map((event) => maskPayload(policy, event)),
    nextCursor: rows.length > limit ? items[items.length - 1]!.id : null,
  };
}

export async function getEvent(ctx: ServiceContext, input: { id: string }) {
  const policy = await policyFor(ctx);
  const event = await ctx.db.event.findFirst({
    where: { ...(await visibleEvents(ctx, policy)), id: input.id, organizationId: ctx.actor.orgId },
    select: eventSelect,
  });
  if (!event) throw notFound("Event");
  return maskPayload(policy, event);
}

/** The timeline of one entity (NOT_FOUND for an entity of another organization). */
export async function getEntityEvents(
  ctx: ServiceContext,
  input: { entityId: string; limit?: number; cursor?: string },
) {
  const entity = await entityFor(ctx, await policyFor(ctx), input.entityId, "read");
  return listEvents(ctx, { entityId: entity.id, limit: input.limit, cursor: input.cursor });
}

export async function getRecentEvents(
  ctx: ServiceContext,
  input: { since?: Date; limit?: number },
) {
  return (await listEvents(ctx, { since: input.since, limit: input.limit ?? 100 })).items;
}

/** Every event type the organization has, from the whole log (not the oldest 1000). */
export async function getEventTypes(ctx: ServiceContext): Promise<string[]> {
  const visible = await visibleEvents(ctx, await policyFor(ctx));
  // groupBy is a SQL GROUP BY (served by the (organizationId, eventType, timestamp) index);
  // findMany's `distinct` fetched every event row of the organization and deduplicated in Node.
  const rows = await ctx.db.event.groupBy({
    by: ["eventType"],
    where: { ...visible, organizationId: ctx.actor.orgId },
    orderBy: { eventType: "asc" },
  });
  return rows.map((row) => row.eventType);
}

/** A custom event. Who emitted it always comes from the actor, never from input. */
export async function emitEvent(
  ctx: ServiceContext,
  input: { eventType: string; entityId?: string; payload?: Prisma.InputJsonValue },
) {
  const policy = await policyFor(ctx);
  let entityTypeSlug: string | null = null;
  if (input.entityId) {
    const entity = await entityFor(ctx, policy, input.entityId, "update");
    entityTypeSlug = entity.entityType.slug;
  } else {
    policy.assert("*", "create");
  }
  const event = await recordEvent(ctx.db, ctx.actor, {
    eventType: input.eventType,
    entityId: input.entityId ?? null,
    entityTypeSlug,
    payload: input.payload ?? {},
  });
  const { organizationId: _organizationId, ...shown } = event;
  return shown;
}
