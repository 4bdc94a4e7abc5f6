import type { Prisma } from "@/generated/prisma/client";
import type { ServiceContext } from "@/server/services/context";
import type { ToolContext } from "@/server/agent/tools/types";

// What the built-in tools share: the service context they act with, the projections of their
// results (JSON-safe: dates as ISO strings) and the pieces of their input schemas.

/** The services' context: the tool's identity, never the chat's actor unless it inherits. */
export function serviceContext(ctx: ToolContext): ServiceContext {
  return { db: ctx.db, actor: ctx.actor };
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** Common entity projection: `{id, type (entity-type slug), status, data, createdAt, updatedAt}`. */
export type EntityResult = {
  id: string;
  type: string;
  status: string;
  data: Prisma.JsonValue;
  createdAt: string;
  updatedAt: string;
};

/** A record as a service returned it (already masked for the tool's identity). */
type EntityLike = {
  id: string;
  status: string;
  data: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
};

export function entityResult(record: EntityLike, type: string): EntityResult {
  // A masked field stays absent (a mask may hide `status`); nothing is put back.
  return {
    id: record.id,
    type,
    status: record.status,
    data: record.data,
    createdAt: iso(record.createdAt) as string,
    updatedAt: iso(record.updatedAt) as string,
  };
}

export type EventResult = {
  id: string;
  eventType: string;
  entityId: string | null;
  entityTypeSlug: string | null;
  actorType: string;
  actorId: string | null;
  payload: Prisma.JsonValue;
  timestamp: string;
};

type EventLike = Omit<EventResult, "timestamp"> & { timestamp: Date };

export function eventResult(event: EventLike): EventResult {
  return {
    id: event.id,
    eventType: event.eventType,
    entityId: event.entityId,
    entityTypeSlug: event.entityTypeSlug,
    actorType: event.actorType,
    actorId: event.actorId,
    payload: event.payload,
    timestamp: iso(event.timestamp) as string,
  };
}

// Input schema pieces. Bounds as the dashboard's routers (server/routers/business-schemas.ts).

export const ID = { type: "string", minLength: 1, maxLength: 100 } as const;
export const TYPE_SLUG = {
  type: "string",
  minLength: 1,
  maxLength: 50,
  pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$",
  description: "The entity type's slug, e.g. `student`.",
} as const;
export const STATUS = {
  type: "string",
  minLength: 1,
  maxLength: 50,
  description: "The record's status, e.g. `active` or `archived`.",
} as const;
export const RELATION_TYPE = {
  type: "string",
  minLength: 1,
  maxLength: 100,
  description: "The kind of relation, e.g. `taughtBy`.",
} as const;
export const CURSOR = {
  type: "string",
  minLength: 1,
  maxLength: 100,
  description: "The `nextCursor` of the previous page, to read the next one.",
} as const;
export const JSON_OBJECT = { type: "object", maxProperties: 200 } as const;

export const limit = (max: number, fallback: number) =>
  ({
    type: "integer",
    minimum: 1,
    maximum: max,
    description: `How many to return (default ${fallback}, at most ${max}).`,
  }) as const;

/** Typed reads of an input the tool's schema has validated. */
export const str = (input: Record<string, unknown>, key: string) =>
  input[key] as string | undefined;
export const obj = (input: Record<string, unknown>, key: string) =>
  input[key] as Record<string, unknown> | undefined;
export const num = (input: Record<string, unknown>, key: string) =>
  input[key] as number | undefined;
