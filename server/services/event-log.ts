import type { ActorType, Prisma } from "@/generated/prisma/client";
import { assertCan } from "@/server/policy";
import { notFound } from "@/server/errors";
import type { ServiceContext } from "@/server/services/context";
import { findEntity } from "@/server/services/entities";
import { recordEvent } from "@/server/services/events";

// Reading the audit log, and emitting custom events. Filters and cursor pagination run in SQL
// (the original took a page and then filtered it). Until the permission issue, reading the log
// is for owners and admins (the policy's base rule).

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

export async function listEvents(ctx: ServiceContext, input: ListEventsInput) {
  assertCan(ctx.actor, "*", "read");
  const limit = input.limit ?? 50;
  const where: Prisma.EventWhereInput = {
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
  const rows = await ctx.db.event.findMany({
    where,
    orderBy: [{ timestamp: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: eventSelect,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

export async function getEvent(ctx: ServiceContext, input: { id: string }) {
  assertCan(ctx.actor, "*", "read");
  const event = await ctx.db.event.findFirst({
    where: { id: input.id, organizationId: ctx.actor.orgId },
    select: eventSelect,
  });
  if (!event) throw notFound("Event");
  return event;
}

/** The timeline of one entity (NOT_FOUND for an entity of another organization). */
export async function getEntityEvents(
  ctx: ServiceContext,
  input: { entityId: string; limit?: number; cursor?: string },
) {
  const entity = await findEntity(ctx.db, ctx.actor.orgId, input.entityId);
  assertCan(ctx.actor, entity.entityType.slug, "read");
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
  assertCan(ctx.actor, "*", "read");
  // groupBy is a SQL GROUP BY (served by the (organizationId, eventType, timestamp) index);
  // findMany's `distinct` fetched every event row of the organization and deduplicated in Node.
  const rows = await ctx.db.event.groupBy({
    by: ["eventType"],
    where: { organizationId: ctx.actor.orgId },
    orderBy: { eventType: "asc" },
  });
  return rows.map((row) => row.eventType);
}

/** A custom event. Who emitted it always comes from the actor, never from input. */
export async function emitEvent(
  ctx: ServiceContext,
  input: { eventType: string; entityId?: string; payload?: Prisma.InputJsonValue },
) {
  let entityTypeSlug: string | null = null;
  if (input.entityId) {
    const entity = await findEntity(ctx.db, ctx.actor.orgId, input.entityId);
    assertCan(ctx.actor, entity.entityType.slug, "update");
    entityTypeSlug = entity.entityType.slug;
  } else {
    assertCan(ctx.actor, "*", "create");
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
