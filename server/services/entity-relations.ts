import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { policyFor } from "@/server/policy";
import { conflict, notFound } from "@/server/errors";
import type { ServiceContext } from "@/server/services/context";
import { entityFor, entitySelect, lockEntity } from "@/server/services/entities";
import { recordEvent } from "@/server/services/events";
import type { linkEntitiesInput, linkInput } from "@/server/routers/business-schemas";

// Relations between entities of one organization: unique (from, type, to); link and unlink are
// recorded in the audit log (the original recorded neither).

/** What entities.link validates. */
export type LinkEntitiesInput = z.output<typeof linkEntitiesInput>;
/** What entities.unlink validates. */
export type UnlinkEntitiesInput = z.output<typeof linkInput>;

/** Both records' row locks, in id order (two links between them in opposite directions). */
async function lockBoth(tx: Prisma.TransactionClient, orgId: string, ids: string[]) {
  for (const id of [...new Set(ids)].sort()) await lockEntity(tx, orgId, id);
}

export async function linkEntities(ctx: ServiceContext, input: LinkEntitiesInput) {
  // Linking changes the source and needs sight of the target (both checked against scope),
  // under both rows' locks: a record deleted meanwhile is not found rather than linked.
  const policy = await policyFor(ctx);
  return ctx.db.$transaction(async (tx) => {
    await lockBoth(tx, ctx.actor.orgId, [input.fromId, input.toId]);
    const scoped = { db: tx, actor: ctx.actor };
    const from = await entityFor(scoped, policy, input.fromId, "update");
    const to = await entityFor(scoped, policy, input.toId, "read");
    const existing = await tx.entityRelation.count({
      where: { fromEntityId: from.id, relationType: input.relationType, toEntityId: to.id },
    });
    if (existing > 0) throw conflict("Relation already exists");
    const relation = await tx.entityRelation.create({
      data: {
        organizationId: ctx.actor.orgId,
        fromEntityId: from.id,
        toEntityId: to.id,
        relationType: input.relationType,
        ...(input.metadata !== undefined && { metadata: input.metadata }),
      },
    });
    await recordEvent(tx, ctx.actor, {
      eventType: "entity.linked",
      entityId: from.id,
      entityTypeSlug: from.entityType.slug,
      payload: {
        relationId: relation.id,
        fromId: from.id,
        toId: to.id,
        relationType: input.relationType,
      },
    });
    return relation;
  });
}

export async function unlinkEntities(ctx: ServiceContext, input: UnlinkEntitiesInput) {
  const policy = await policyFor(ctx);
  await ctx.db.$transaction(async (tx) => {
    await lockBoth(tx, ctx.actor.orgId, [input.fromId, input.toId]);
    const relation = await tx.entityRelation.findFirst({
      where: {
        organizationId: ctx.actor.orgId,
        fromEntityId: input.fromId,
        toEntityId: input.toId,
        relationType: input.relationType,
      },
      include: { fromEntity: { select: { entityType: { select: { slug: true } } } } },
    });
    if (!relation) throw notFound("Relation");
    const scoped = { db: tx, actor: ctx.actor };
    await entityFor(scoped, policy, relation.fromEntityId, "update");
    await entityFor(scoped, policy, relation.toEntityId, "read");
    await tx.entityRelation.delete({ where: { id: relation.id } });
    await recordEvent(tx, ctx.actor, {
      eventType: "entity.unlinked",
      entityId: relation.fromEntityId,
      entityTypeSlug: relation.fromEntity.entityType.slug,
      payload: {
        fromId: relation.fromEntityId,
        toId: relation.toEntityId,
        relationType: relation.relationType,
      },
    });
  });
  return { success: true as const };
}

/** The live entities related to one, with the relation that links them. */
export async function getRelatedEntities(
  ctx: ServiceContext,
  input: { entityId: string; relationType?: string; direction?: "from" | "to" | "both" },
) {
  const policy = await policyFor(ctx);
  const entity = await entityFor(ctx, policy, input.entityId, "read");
  const direction = input.direction ?? "both";
  const relationType = input.relationType !== undefined ? { relationType: input.relationType } : {};
  const other = { select: { ...entitySelect, entityType: { select: { slug: true, name: true } } } };
  const [outgoing, incoming] = await Promise.all([
    direction === "to"
      ? []
      : ctx.db.entityRelation.findMany({
          where: {
            organizationId: ctx.actor.orgId,
            fromEntityId: entity.id,
            ...relationType,
            toEntity: { deletedAt: null },
          },
          include: { toEntity: other },
          orderBy: { createdAt: "asc" },
        }),
    direction === "from"
      ? []
      : ctx.db.entityRelation.findMany({
          where: {
            organizationId: ctx.actor.orgId,
            toEntityId: entity.id,
            ...relationType,
            fromEntity: { deletedAt: null },
          },
          include: { fromEntity: other },
          orderBy: { createdAt: "asc" },
        }),
  ]);
  const item = (
    relation: { id: string; relationType: string; metadata: Prisma.JsonValue; createdAt: Date },
    dir: "from" | "to",
    related: Prisma.EntityGetPayload<typeof other>,
  ) => {
    const { entityType, ...record } = related;
    return {
      relation: {
        id: relation.id,
        relationType: relation.relationType,
        metadata: relation.metadata,
        createdAt: relation.createdAt,
      },
      direction: dir,
      entityType,
      entity: policy.mask(entityType.slug, record),
    };
  };
  const all = [
    ...outgoing.map((relation) => item(relation, "from", relation.toEntity)),
    ...incoming.map((relation) => item(relation, "to", relation.fromEntity)),
  ];
  // Related records the actor cannot read are left out: one query over all of them, each
  // checked against its own type's read scope.
  const readableTypes = new Map(
    all
      .filter((related) => policy.can(related.entityType.slug, "read"))
      .map((related) => [related.entity.entityTypeId, related.entityType.slug]),
  );
  if (readableTypes.size === 0) return [];
  const visible = await ctx.db.entity.findMany({
    where: {
      id: { in: all.map((related) => related.entity.id) },
      OR: [...readableTypes].map(([entityTypeId, slug]) => ({
        AND: [{ entityTypeId }, policy.scope(slug, "read")],
      })),
    },
    select: { id: true },
  });
  const visibleIds = new Set(visible.map((row) => row.id));
  return all.filter((related) => visibleIds.has(related.entity.id));
}
