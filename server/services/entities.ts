import type { Prisma } from "@/generated/prisma/client";
import { policyFor, type PolicyAction, type PolicyEngine } from "@/server/policy";
import { badRequest, conflict, forbidden, notFound } from "@/server/errors";
import type { DbClient, ServiceContext } from "@/server/services/context";
import { findEntityType } from "@/server/services/entity-types";
import { recordEvent } from "@/server/services/events";
import { validateData } from "@/server/services/json-schema";
import { buildSearchText } from "@/server/services/search-text";
import { dataFilterWhere, type DataFilter } from "@/server/services/entity-filters";

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

export type TypeRef = { entityTypeId?: string; entityTypeSlug?: string };

async function resolveType(db: DbClient, orgId: string, ref: TypeRef) {
  if (ref.entityTypeId) return findEntityType(db, orgId, { id: ref.entityTypeId });
  if (ref.entityTypeSlug) return findEntityType(db, orgId, { slug: ref.entityTypeSlug });
  throw badRequest("entityTypeId or entityTypeSlug is required", "entityTypeId");
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
  ctx: ServiceContext,
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

export type ListEntitiesInput = TypeRef & {
  status?: string;
  filters?: DataFilter[];
  sort?: { field: "createdAt" | "updatedAt"; direction: "asc" | "desc" };
  limit?: number;
  cursor?: string;
};

export async function listEntities(ctx: ServiceContext, input: ListEntitiesInput) {
  const type = await resolveType(ctx.db, ctx.actor.orgId, input);
  const policy = await policyFor(ctx);
  policy.assert(type.slug, "list");
  // Filtering on a field the actor cannot see would reveal its values one guess at a time.
  // Array indexes are dropped before comparing: masks reach into every element of an array, so
  // `contacts.0.phone` is covered by a mask on `data.contacts.phone`.
  const withoutIndexes = (path: string) =>
    path
      .split(".")
      .filter((segment) => !/^-?\d+$/.test(segment))
      .join(".");
  const masked = policy.masks(type.slug).map((mask) => withoutIndexes(mask.fieldPath));
  for (const filter of input.filters ?? []) {
    const path = `data.${filter.field.replace(/^data\./, "")}`;
    const plain = withoutIndexes(path);
    const touches = (hidden: string) =>
      plain === hidden || plain.startsWith(`${hidden}.`) || hidden.startsWith(`${plain}.`);
    if (masked.some(touches)) throw forbidden(`Not allowed to filter on ${path}`);
  }
  const limit = input.limit ?? 50;
  const sort = input.sort ?? { field: "createdAt", direction: "desc" };
  const rows = await ctx.db.entity.findMany({
    where: {
      AND: [
        { organizationId: ctx.actor.orgId, entityTypeId: type.id, deletedAt: null },
        input.status !== undefined ? { status: input.status } : {},
        ...(input.filters ?? []).map(dataFilterWhere),
        policy.scope(type.slug, "list"),
      ],
    },
    orderBy: [{ [sort.field]: sort.direction }, { id: sort.direction }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: entitySelect,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => policy.mask(type.slug, row)),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
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

export async function createEntity(
  ctx: ServiceContext,
  input: TypeRef & { data: EntityData; status?: string },
) {
  const type = await resolveType(ctx.db, ctx.actor.orgId, input);
  const policy = await policyFor(ctx);
  policy.assert(type.slug, "create");
  policy.assertWritable(type.slug, input.data);
  validateData(type.schema, input.data);
  return ctx.db.$transaction(async (tx) => {
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

/** Shallow merge (as the original), re-validated as a whole against the type's schema. */
export async function updateEntity(
  ctx: ServiceContext,
  input: { id: string; data?: EntityData; status?: string },
) {
  const policy = await policyFor(ctx);
  const current = await entityFor(ctx, policy, input.id, "update");
  const type = current.entityType;
  policy.assertWritable(type.slug, input.data ?? {});
  const previous = current.data as EntityData;
  const changes = input.data ?? {};
  const merged = { ...previous, ...changes };
  validateData(type.schema, merged);
  return ctx.db.$transaction(async (tx) => {
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

/** Soft delete; deleting a deleted entity is "not found" (the original re-stamped it). */
export async function removeEntity(ctx: ServiceContext, input: { id: string }) {
  const current = await entityFor(ctx, await policyFor(ctx), input.id, "delete");
  await ctx.db.$transaction(async (tx) => {
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
