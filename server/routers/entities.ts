import { z } from "zod";
import {
  createEntityInput,
  entityOutput,
  entityTypeOutput,
  jsonValue,
  linkEntitiesInput,
  linkInput,
  listEntitiesInput,
  page,
  relationType,
  searchEntitiesInput,
  success,
  updateEntityInput,
} from "@/server/routers/business-schemas";
import { idInput } from "@/server/routers/schemas";
import {
  createEntity,
  getEntity,
  getEntityWithType,
  listEntities,
  removeEntity,
  updateEntity,
} from "@/server/services/entities";
import {
  getRelatedEntities,
  linkEntities,
  unlinkEntities,
} from "@/server/services/entity-relations";
import { searchEntities } from "@/server/services/entity-search";
import { orgProcedure, router } from "@/server/trpc";

const entityId = z.string().min(1).max(100);

export const entitiesRouter = router({
  list: orgProcedure
    .input(listEntitiesInput)
    .output(page(entityOutput))
    .query(({ ctx, input }) => listEntities(ctx, input)),
  get: orgProcedure
    .input(idInput)
    .output(entityOutput)
    .query(({ ctx, input }) => getEntity(ctx, input)),
  getWithType: orgProcedure
    .input(idInput)
    .output(entityOutput.extend({ entityType: entityTypeOutput }))
    .query(({ ctx, input }) => getEntityWithType(ctx, input)),
  search: orgProcedure
    .input(searchEntitiesInput)
    .output(
      z.object({
        items: z.array(entityOutput.extend({ rank: z.number() })),
        /** False when SEARCH_CANDIDATES or more matched: only the most recent of them were ranked. */
        exhaustive: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => searchEntities(ctx, input)),
  create: orgProcedure
    .input(createEntityInput)
    .output(entityOutput)
    .mutation(({ ctx, input }) => createEntity(ctx, input)),
  update: orgProcedure
    .input(updateEntityInput)
    .output(entityOutput)
    .mutation(({ ctx, input }) => updateEntity(ctx, input)),
  remove: orgProcedure
    .input(idInput)
    .output(success)
    .mutation(({ ctx, input }) => removeEntity(ctx, input)),
  link: orgProcedure
    .input(linkEntitiesInput)
    .output(
      z.object({
        id: z.string(),
        fromEntityId: z.string(),
        toEntityId: z.string(),
        relationType: z.string(),
        metadata: jsonValue.nullable(),
        createdAt: z.date(),
      }),
    )
    .mutation(({ ctx, input }) => linkEntities(ctx, input)),
  unlink: orgProcedure
    .input(linkInput)
    .output(success)
    .mutation(({ ctx, input }) => unlinkEntities(ctx, input)),
  getRelated: orgProcedure
    .input(
      z.object({
        entityId,
        relationType: relationType.optional(),
        direction: z.enum(["from", "to", "both"]).optional(),
      }),
    )
    .output(
      z.array(
        z.object({
          relation: z.object({
            id: z.string(),
            relationType: z.string(),
            metadata: jsonValue.nullable(),
            createdAt: z.date(),
          }),
          direction: z.enum(["from", "to"]),
          entityType: z.object({ slug: z.string(), name: z.string() }),
          entity: entityOutput,
        }),
      ),
    )
    .query(({ ctx, input }) => getRelatedEntities(ctx, input)),
});
