import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import { policyFor, type PolicyAction, type PolicyEngine } from "@/server/policy";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import type { ServiceContext, WithDefaults } from "@/server/services/context";
import { findEntityType, lockEntityType } from "@/server/services/entity-types";
import { assertCursorInList } from "@/server/services/paging";
import { recordEvent } from "@/server/services/events";
import { validateData } from "@/server/services/json-schema";
import { buildSearchText } from "@/server/services/search-text";
import type { EntitySort } from "@/lib/entity-sort";
import {
  dataSortPath,
  pageIdsByDataField,
  type DataSortPage,
} from "@/server/services/entity-data-sort";
import { assertNotMasked, dataFilterWhere } from "@/server/services/entity-filters";
import type {
  createEntityInput,
  listEntitiesInput,
  typeRef,
  updateEntityInput,
} from "@/server/routers/business-schemas";

// Entities: records of a type. Every read goes through the policy (scope in the SQL `where`,
// masks on the way out); filters and pagination run in SQL, so pages are exact.

export const entitySelect = {
  id: true,
  entityTypeId: true,
  status: true,
  data: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
} as const;

export type EntityRecord = Prisma.EntityGetPayload<{ select: typeof entitySelect }>;
type EntityData = Record<string, unknown>;

/** An entity type by id or slug, as the entities router's inputs name it. */
export type TypeRef = z.output<typeof typeRef>;

async function resolveType(db: DbClient, orgId: string, ref: TypeRef) {
  if (ref.entityTypeId) return findEntityType(db, orgId, { id: ref.entityTypeId });
  if (ref.entityTypeSlug) return findEntityType(db, orgId, { slug: ref.entityTypeSlug });
  throw badRequest("entityTypeId or entityTypeSlug is required", "entityTypeId");
}

/**
 * Takes the row lock of an entity of the organization until the transaction ends (`FOR NO KEY
 * UPDATE`: what an UPDATE of the row takes itself, so it does not block inserts that only
 * reference the row). A read after it sees the latest committed version: a change, delete or
 * link of the record that waited for it then works on what the previous one wrote.
 */
export async function lockEntity(tx: Prisma.TransactionClient, orgId: string, id: string) {
  await tx.$queryRaw`
    SELECT "id" FROM "entities" WHERE "id" = ${id} AND "organizationId" = ${orgId}
    FOR NO KEY UPDATE`;
}

/** A live entity of the actor's organization with its type, or NOT_FOUND. */
export async function findEntity(db: DbClient, orgId: string, id: string) {
  const entity = await db.entity.findFirst({
    where: { id, organizationId: orgId, deletedAt: null },
    select: { ...entitySelect, entityType: true },
  });
  if (!entity) throw notFound("Entity");
  return entity;
}

/** Whether the record is in the actor's scope for the action (one indexed count in SQL). */
export async function inScope(
  db: DbClient,
  policy: PolicyEngine,
  slug: string,
  action: PolicyAction,
  id: string,
): Promise<boolean> {
  if (!policy.can(slug, action)) return false;
  const where = policy.scope(slug, action);
  if (Object.keys(where).length === 0) return true;
  return (await db.entity.count({ where: { AND: [{ id }, where] } })) > 0;
}

/**
 * A live entity the actor may act on. A record the actor cannot read is "not found" (no
 * existence leaks); one they can read but not change is FORBIDDEN. Scope is checked again here,
 * before every update, delete, link and unlink.
 */
export async function entityFor(
  ctx: { db: DbClient; actor: Actor },
  policy: PolicyEngine,
  id: string,
  action: PolicyAction,
) {
  const entity = await findEntity(ctx.db, ctx.actor.orgId, id);
  const slug = entity.entityType.slug;
  if (!(await inScope(ctx.db, policy, slug, "read", entity.id))) throw notFound("Entity");
  if (action !== "read" && !(await inScope(ctx.db, policy, slug, action, entity.id))) {
    throw forbidden(`Not allowed to ${action} this ${slug}`);
  }
  return entity;
}

function toRecord(entity: EntityRecord & { entityType?: unknown }): EntityRecord {
  const { id, entityTypeId, status, data, createdAt, updatedAt, deletedAt } = entity;
  return { id, entityTypeId, status, data, createdAt, updatedAt, deletedAt };
}

/** What entities.list validates; `limit` defaults to 50 here too. */
export type ListEntitiesInput = WithDefaults<z.output<typeof listEntitiesInput>, "limit">;

type Page = { rows: EntityRecord[]; nextCursor: string | null };

export async function listEntities(ctx: ServiceContext, input: ListEntitiesInput) {
  const type = await resolveType(ctx.db, ctx.actor.orgId, input);
  const policy = await policyFor(ctx);
  policy.assert(type.slug, "list");
  const masks = policy.masks(type.slug);
  for (const filter of input.filters ?? []) assertNotMasked(masks, filter.field, "filter");
  const sort = input.sort ?? { field: "createdAt", direction: "desc" };
  const path = dataSortPath(sort.field);
  // The order of the records would reveal the hidden values as surely as a filter.
  if (path) assertNotMasked(masks, sort.field, "sort");
  const limit = input.limit ?? 50;
  const ofType = { organizationId: ctx.actor.orgId, entityTypeId: type.id };
  const scope = policy.scope(type.slug, "list");
  const where: Prisma.EntityWhereInput = {
    AND: [
      { ...ofType, deletedAt: null },
      input.status !== undefined ? { status: input.status } : {},
      ...(input.filters ?? []).map(dataFilterWhere),
      scope,
    ],
  };
  // A cursor is a live record the actor may list, whatever its data now (a record edited since
  // its page was read still continues the list); a deleted one would let its values be probed.
  const cursorWhere: Prisma.EntityWhereInput = { AND: [{ ...ofType, deletedAt: null }, scope] };
  const { rows, nextCursor } = path
    ? await pageByDataField(ctx.db, {
        where,
        cursorWhere,
        path,
        direction: sort.direction,
        limit,
        cursor: input.cursor,
      })
    : await pageByColumn(ctx.db, where, sort, limit, input.cursor, cursorWhere);
  return { items: rows.map((row) => policy.mask(type.slug, row)), nextCursor };
}

/** createdAt or updatedAt: Prisma's own order and cursor. */
async function pageByColumn(
  db: DbClient,
  where: Prisma.EntityWhereInput,
  sort: EntitySort,
  limit: number,
  cursor: string | undefined,
  cursorWhere: Prisma.EntityWhereInput,
): Promise<Page> {
  if (cursor)
    await assertCursorInList(
      db.entity.findFirst({ where: { AND: [{ id: cursor }, cursorWhere] }, select: { id: true } }),
    );
  const rows = await db.entity.findMany({
    where,
    orderBy: [{ [sort.field]: sort.direction }, { id: sort.direction }],
    take: limit + 1,
    ...(cursor && { cursor: { id: cursor }, skip: 1 }),
    select: entitySelect,
  });
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

async function pageByDataField(db: DbClient, page: DataSortPage): Promise<Page> {
  const ids = await pageIdsByDataField(db, page);
  const pageIds = ids.slice(0, page.limit);
  // Loaded with the list's where once more: a row the compiled SQL selected and Prisma would
  // not (a compiler bug) is dropped here rather than shown.
  const rows = await db.entity.findMany({
    where: { AND: [{ id: { in: pageIds } }, page.where] },
    select: entitySelect,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    rows: pageIds.flatMap((id) => byId.get(id) ?? []),
    nextCursor: ids.length > page.limit ? pageIds[pageIds.length - 1]! : null,
  };
}

export async function getEntity(ctx: ServiceContext, input: { id: string }) {
  const policy = await policyFor(ctx);
  const entity = await entityFor(ctx, policy, input.id, "read");
  return policy.mask(entity.entityType.slug, toRecord(entity));
}

export async function getEntityWithType(ctx: ServiceContext, input: { id: string }) {
  const policy = await policyFor(ctx);
  const entity = await entityFor(ctx, policy, input.id, "read");
  return {
    ...policy.mask(entity.entityType.slug, toRecord(entity)),
    entityType: entity.entityType,
  };
}

/** What entities.create validates. */
export type CreateEntityInput = z.output<typeof createEntityInput>;

export async function createEntity(ctx: ServiceContext, input: CreateEntityInput) {
  const { id: typeId, slug } = await resolveType(ctx.db, ctx.actor.orgId, input);
  const policy = await policyFor(ctx);
  policy.assert(slug, "create");
  policy.assertWritable(slug, input.data);
  return ctx.db.$transaction(async (tx) => {
    // The type's schema and search fields as they are while the record is written.
    await lockEntityType(tx, ctx.actor.orgId, typeId, "share");
    const type = await findEntityType(tx, ctx.actor.orgId, { id: typeId });
    validateData(type.schema, input.data);
    const entity = await tx.entity.create({
      data: {
        organizationId: ctx.actor.orgId,
        entityTypeId: type.id,
        status: input.status ?? "active",
        data: input.data as Prisma.InputJsonValue,
        searchText: buildSearchText(input.data, type.searchFields),
      },
      select: entitySelect,
    });
    await recordEvent(tx, ctx.actor, {
      eventType: `${type.slug}.created`,
      entityId: entity.id,
      entityTypeSlug: type.slug,
      payload: { data: input.data as Prisma.InputJsonValue },
    });
    return policy.mask(type.slug, entity);
  });
}

/**
 * Shallow merge (as the original), re-validated as a whole against the type's schema. Read,
 * merge, validation and write happen under the record's row lock, so two updates of one record
 * never lose each other's keys, and a record deleted meanwhile is not found (no `.updated`
 * event for it); and under the type's shared lock, so the schema and search fields are those
 * of the type as it is (a change of them waits, and rebuilds the search text after).
 */
/** What entities.update validates. */
export type UpdateEntityInput = z.output<typeof updateEntityInput>;

export async function updateEntity(ctx: ServiceContext, input: UpdateEntityInput) {
  const policy = await policyFor(ctx);
  return ctx.db.$transaction(async (tx) => {
    // The type first (as a change of the type does), then the record.
    const ref = await tx.entity.findFirst({
      where: { id: input.id, organizationId: ctx.actor.orgId },
      select: { entityTypeId: true },
    });
    if (!ref) throw notFound("Entity");
    await lockEntityType(tx, ctx.actor.orgId, ref.entityTypeId, "share");
    await lockEntity(tx, ctx.actor.orgId, input.id);
    const current = await entityFor({ db: tx, actor: ctx.actor }, policy, input.id, "update");
    const type = current.entityType;
    policy.assertWritable(type.slug, input.data ?? {});
    const previous = current.data as EntityData;
    const changes = input.data ?? {};
    const merged = { ...previous, ...changes };
    validateData(type.schema, merged);
    const entity = await tx.entity.update({
      where: { id: current.id },
      data: {
        data: merged as Prisma.InputJsonValue,
        searchText: buildSearchText(merged, type.searchFields),
        ...(input.status !== undefined && { status: input.status }),
      },
      select: entitySelect,
    });
    const previousData = Object.fromEntries(
      Object.keys(changes).map((key) => [key, previous[key] ?? null]),
    );
    await recordEvent(tx, ctx.actor, {
      eventType: `${type.slug}.updated`,
      entityId: entity.id,
      entityTypeSlug: type.slug,
      payload: {
        changes: changes as Prisma.InputJsonValue,
        previousData: previousData as Prisma.InputJsonValue,
        ...(input.status !== undefined &&
          input.status !== current.status && {
            status: { from: current.status, to: input.status },
          }),
      },
    });
    return policy.mask(type.slug, entity);
  });
}

/**
 * Soft delete; deleting a deleted entity is "not found" (the original re-stamped it). The scope
 * is checked under the row lock, on the record as the last change left it.
 */
export async function removeEntity(ctx: ServiceContext, input: { id: string }) {
  const policy = await policyFor(ctx);
  await ctx.db.$transaction(async (tx) => {
    await lockEntity(tx, ctx.actor.orgId, input.id);
    const current = await entityFor({ db: tx, actor: ctx.actor }, policy, input.id, "delete");
    const { count } = await tx.entity.updateMany({
      where: { id: current.id, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    if (count === 0) throw conflict("Entity has been deleted");
    await recordEvent(tx, ctx.actor, {
      eventType: `${current.entityType.slug}.deleted`,
      entityId: current.id,
      entityTypeSlug: current.entityType.slug,
      payload: {},
    });
  });
  return { success: true as const };
}
