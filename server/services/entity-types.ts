import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { Prisma } from "@/generated/prisma/client";
import { generateSlug } from "@/lib/slug";
import { policyFor } from "@/server/policy";
import { badRequest, conflict, notFound } from "@/server/errors";
import type { ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { compileSchema } from "@/server/services/json-schema";
import { buildSearchText } from "@/server/services/search-text";
import type { entityTypeInput } from "@/server/routers/business-schemas";

// Entity types: the JSON Schema, search fields and display settings of a kind of record.
// Managing them is the `entityType` resource. A type is readable with read/list on
// `entityType`, or by anyone who may read or list records of that type (forms need the schema).

export const ENTITY_TYPE_RESOURCE = "entityType";

const REBUILD_BATCH = 500;

/** What entityTypes.create validates (entityTypes.update: the same without the slug, partial). */
export type EntityTypeInput = z.output<typeof entityTypeInput>;

const json = (value: Prisma.InputJsonValue | null | undefined) =>
  value === null ? ({} as Prisma.InputJsonValue) : value;

export async function findEntityType(
  db: DbClient,
  orgId: string,
  where: { id?: string; slug?: string },
) {
  const type = await db.entityType.findFirst({ where: { organizationId: orgId, ...where } });
  if (!type) throw notFound(where.slug ? `Entity type ${where.slug}` : "Entity type");
  return type;
}

/**
 * Takes the row lock of an entity type until the transaction ends. A change of the type takes
 * `update`; every entity write takes `share` before reading the type's schema and search
 * fields: a change of the type (with its search text rebuild) then waits for entity writes in
 * progress, and entity writes that start meanwhile wait for it and see the new type.
 */
export async function lockEntityType(
  tx: Prisma.TransactionClient,
  orgId: string,
  id: string,
  mode: "update" | "share",
) {
  if (mode === "update") {
    await tx.$queryRaw`
      SELECT "id" FROM "entityTypes" WHERE "id" = ${id} AND "organizationId" = ${orgId}
      FOR UPDATE`;
  } else {
    await tx.$queryRaw`
      SELECT "id" FROM "entityTypes" WHERE "id" = ${id} AND "organizationId" = ${orgId}
      FOR SHARE`;
  }
}

async function readableType(
  ctx: ServiceContext,
  type: { slug: string },
  action: "read" | "list",
): Promise<boolean> {
  const policy = await policyFor(ctx);
  return (
    policy.can(ENTITY_TYPE_RESOURCE, action) ||
    policy.can(type.slug, "read") ||
    policy.can(type.slug, "list")
  );
}

export async function listEntityTypes(ctx: ServiceContext) {
  const types = await ctx.db.entityType.findMany({
    where: { organizationId: ctx.actor.orgId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const readable = await Promise.all(types.map((type) => readableType(ctx, type, "list")));
  const visible = types.filter((_, index) => readable[index]);
  if (visible.length === 0 && types.length > 0)
    (await policyFor(ctx)).assert(ENTITY_TYPE_RESOURCE, "list");
  return visible;
}

export async function getEntityType(ctx: ServiceContext, input: { id: string }) {
  const type = await findEntityType(ctx.db, ctx.actor.orgId, { id: input.id });
  if (!(await readableType(ctx, type, "read"))) throw notFound("Entity type");
  return type;
}

export async function getEntityTypeBySlug(ctx: ServiceContext, input: { slug: string }) {
  const type = await findEntityType(ctx.db, ctx.actor.orgId, { slug: input.slug });
  if (!(await readableType(ctx, type, "read"))) throw notFound(`Entity type ${input.slug}`);
  return type;
}

export async function createEntityType(ctx: ServiceContext, input: EntityTypeInput) {
  (await policyFor(ctx)).assert(ENTITY_TYPE_RESOURCE, "create");
  compileSchema(input.schema);
  const slug = input.slug ?? generateSlug(input.name);
  if (!slug) throw badRequest("name must contain a letter or digit to make a slug", "name");
  const taken = await ctx.db.entityType.count({ where: { organizationId: ctx.actor.orgId, slug } });
  if (taken > 0) throw conflict("Entity type with this slug already exists", "slug");
  return ctx.db.$transaction(async (tx) => {
    const type = await tx.entityType.create({
      data: {
        organizationId: ctx.actor.orgId,
        name: input.name,
        slug,
        description: input.description ?? null,
        schema: input.schema as Prisma.InputJsonValue,
        searchFields: input.searchFields ?? [],
        ...(input.indexMapping != null && { indexMapping: input.indexMapping }),
        ...(input.displayConfig != null && { displayConfig: input.displayConfig }),
      },
    });
    await recordEvent(tx, ctx.actor, {
      eventType: "entityType.created",
      entityTypeSlug: slug,
      payload: { entityTypeId: type.id, name: type.name, slug },
    });
    return type;
  });
}

/** Recomputes the search text of every entity of a type (its searchFields changed). */
async function rebuildSearchText(
  db: DbClient,
  typeId: string,
  searchFields: string[],
): Promise<number> {
  let cursor: string | undefined;
  let rebuilt = 0;
  for (;;) {
    const batch = await db.entity.findMany({
      where: { entityTypeId: typeId },
      orderBy: { id: "asc" },
      take: REBUILD_BATCH,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      select: { id: true, data: true, searchText: true },
    });
    for (const entity of batch) {
      const searchText = buildSearchText(entity.data as Record<string, unknown>, searchFields);
      if (searchText !== entity.searchText) {
        await db.entity.update({ where: { id: entity.id }, data: { searchText } });
        rebuilt += 1;
      }
    }
    if (batch.length < REBUILD_BATCH) return rebuilt;
    cursor = batch[batch.length - 1]!.id;
  }
}

/** Decided and written under the type's row lock, on the type as it is then. */
export async function updateEntityType(
  ctx: ServiceContext,
  input: { id: string } & Partial<Omit<EntityTypeInput, "slug">>,
) {
  (await policyFor(ctx)).assert(ENTITY_TYPE_RESOURCE, "update");
  if (input.schema !== undefined) compileSchema(input.schema);
  return ctx.db.$transaction(
    async (tx) => {
      await lockEntityType(tx, ctx.actor.orgId, input.id, "update");
      const current = await findEntityType(tx, ctx.actor.orgId, { id: input.id });
      const searchFieldsChanged =
        input.searchFields !== undefined &&
        JSON.stringify(input.searchFields) !== JSON.stringify(current.searchFields);
      const changes: Prisma.EntityTypeUpdateInput = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.schema !== undefined && { schema: input.schema as Prisma.InputJsonValue }),
        ...(input.searchFields !== undefined && { searchFields: input.searchFields }),
        ...(input.indexMapping !== undefined && { indexMapping: json(input.indexMapping) }),
        ...(input.displayConfig !== undefined && { displayConfig: json(input.displayConfig) }),
      };
      const type = await tx.entityType.update({ where: { id: current.id }, data: changes });
      const rebuilt = searchFieldsChanged
        ? await rebuildSearchText(tx, type.id, type.searchFields)
        : 0;
      await recordEvent(tx, ctx.actor, {
        eventType: "entityType.updated",
        entityTypeSlug: type.slug,
        payload: {
          entityTypeId: type.id,
          changed: Object.keys(changes),
          searchTextRebuilt: rebuilt,
        },
      });
      return type;
    },
    { timeout: 60_000 },
  );
}

/**
 * Deletes a type that has no live entities (409 otherwise). Its soft-deleted entities go with it:
 * the original blocked deletion on them forever. Counted under the
 * type's row lock: an entity created meanwhile waits, then finds no type.
 */
export async function removeEntityType(ctx: ServiceContext, input: { id: string }) {
  (await policyFor(ctx)).assert(ENTITY_TYPE_RESOURCE, "delete");
  await ctx.db.$transaction(async (tx) => {
    await lockEntityType(tx, ctx.actor.orgId, input.id, "update");
    const type = await findEntityType(tx, ctx.actor.orgId, { id: input.id });
    const live = await tx.entity.count({ where: { entityTypeId: type.id, deletedAt: null } });
    if (live > 0)
      throw conflict(
        `Cannot delete entity type with ${live} existing entit${live === 1 ? "y" : "ies"}`,
      );
    await tx.entity.deleteMany({ where: { entityTypeId: type.id, deletedAt: { not: null } } });
    await tx.entityType.delete({ where: { id: type.id } });
    await recordEvent(tx, ctx.actor, {
      eventType: "entityType.deleted",
      entityTypeSlug: type.slug,
      payload: { entityTypeId: type.id, name: type.name },
    });
  });
  return { success: true as const };
}
