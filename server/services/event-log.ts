import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { applyMasks, policyFor, type PolicyEngine } from "@/server/policy";
import { assertCursorInList } from "@/server/services/paging";
import { notFound } from "@/server/errors";
import type { ServiceContext, WithDefaults } from "@/server/services/context";
import { entityFor, lockEntity } from "@/server/services/entities";
import { recordEvent } from "@/server/services/events";
import type {
  emitEventInput,
  entityEventsInput,
  listEventsInput,
} from "@/server/routers/business-schemas";

// Reading the audit log, and emitting custom events. Filters and cursor pagination run in SQL
// (the original took a page and then filtered it). Owners and admins read the whole log, events
// of deleted records included; anyone else reads only events of live entities they may read (in
// SQL, so pages stay exact): the events of a record are visible exactly when its timeline
// (getEntityEvents) is. Entity data inside payloads is masked as the entity itself would be.

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

/** The type of the entity an event is about, from the entity itself (masks follow it). */
const eventWithTypeSelect = {
  ...eventSelect,
  entity: { select: { entityType: { select: { slug: true } } } },
} as const;

type EventWithType = Prisma.EventGetPayload<{ select: typeof eventWithTypeSelect }>;

/** What events.list validates; `limit` defaults to 50 here too. */
export type ListEventsInput = WithDefaults<z.output<typeof listEventsInput>, "limit">;

/**
 * Events the actor may see: all for bypassing actors, else those of live entities they may
 * read (a soft-deleted record is "not found" to them, and so are its events).
 */
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
      deletedAt: null,
      // AND, not a spread: a scope rule on entityTypeId must not replace the type condition.
      OR: readable.map((type) => ({
        AND: [{ entityTypeId: type.id }, policy.scope(type.slug, "read")],
      })),
    },
  };
}

/** Keys of entity payloads that hold entity data (`data`, or the keys an update changed). */
const PAYLOAD_DATA_KEYS = ["data", "changes", "previousData"] as const;

/**
 * An event as the actor may see it. The entity's masks apply to the entity data inside the
 * payload (`data`, `changes`, `previousData`) and to the payload's other top-level keys, read as
 * data keys and as record fields: a custom event `{secret: ...}` about a record whose
 * `data.secret` is hidden, or a status change where `status` is hidden, shows neither.
 */
function shownEvent(policy: PolicyEngine, event: EventWithType) {
  const { entity, ...shown } = event;
  const slug = entity?.entityType.slug ?? event.entityTypeSlug;
  if (policy.context.bypass || !slug) return shown;
  const payload = shown.payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return shown;
  const masks = policy.masks(slug);
  const rest: Record<string, Prisma.JsonValue> = {};
  const masked: Record<string, Prisma.JsonValue> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    if ((PAYLOAD_DATA_KEYS as readonly string[]).includes(key)) {
      masked[key] = applyMasks({ data: value }, masks).data ?? null;
    } else {
      rest[key] = value;
    }
  }
  const asData = applyMasks({ data: rest }, masks).data;
  const others = applyMasks(asData, masks);
  return { ...shown, payload: { ...others, ...masked } };
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
    select: eventWithTypeSelect,
  });
  const items = rows.slice(0, limit);
  return {
    items: items.map((event) => shownEvent(policy, event)),
    nextCursor: rows.length > limit ? items[items.length - 1]!.id : null,
  };
}

export async function getEvent(ctx: ServiceContext, input: { id: string }) {
  const policy = await policyFor(ctx);
  const event = await ctx.db.event.findFirst({
    where: { ...(await visibleEvents(ctx, policy)), id: input.id, organizationId: ctx.actor.orgId },
    select: eventWithTypeSelect,
  });
  if (!event) throw notFound("Event");
  return shownEvent(policy, event);
}

/** What events.getByEntity validates; `limit` defaults to 50 here too (in listEvents). */
export type EntityEventsInput = WithDefaults<z.output<typeof entityEventsInput>, "limit">;

/**
 * The timeline of one entity: the events `listEvents` shows for it. NOT_FOUND for an entity of
 * another organization, and for one the actor cannot read; owners and admins also read the
 * timeline of a deleted record, as the whole log shows it to them.
 */
export async function getEntityEvents(ctx: ServiceContext, input: EntityEventsInput) {
  const policy = await policyFor(ctx);
  const entity = policy.context.bypass
    ? await ctx.db.entity.findFirst({
        where: { id: input.entityId, organizationId: ctx.actor.orgId },
        select: { id: true },
      })
    : await entityFor(ctx, policy, input.entityId, "read");
  if (!entity) throw notFound("Entity");
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

/** What events.emit validates. */
export type EmitEventInput = z.output<typeof emitEventInput>;

/**
 * A custom event. Who emitted it always comes from the actor, never from input. An event about
 * a record is written under the record's row lock: one deleted meanwhile is not found.
 */
export async function emitEvent(ctx: ServiceContext, input: EmitEventInput) {
  const policy = await policyFor(ctx);
  const entityId = input.entityId;
  if (!entityId) policy.assert("*", "create");
  const event = await ctx.db.$transaction(async (tx) => {
    let entityTypeSlug: string | null = null;
    if (entityId) {
      await lockEntity(tx, ctx.actor.orgId, entityId);
      const entity = await entityFor({ db: tx, actor: ctx.actor }, policy, entityId, "update");
      entityTypeSlug = entity.entityType.slug;
    }
    return recordEvent(tx, ctx.actor, {
      eventType: input.eventType,
      entityId: entityId ?? null,
      entityTypeSlug,
      payload: input.payload ?? {},
    });
  });
  const { organizationId: _organizationId, ...shown } = event;
  return shown;
}
