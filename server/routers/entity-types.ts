import { z } from "zod";
import { entityTypeInput, entityTypeOutput, success } from "@/server/routers/business-schemas";
import { idInput } from "@/server/routers/schemas";
import {
  createEntityType,
  getEntityType,
  getEntityTypeBySlug,
  listEntityTypes,
  removeEntityType,
  updateEntityType,
} from "@/server/services/entity-types";
import { orgProcedure, router } from "@/server/trpc";

// Permission checks live in the services (policy resource `entityType`).
export const entityTypesRouter = router({
  list: orgProcedure.output(z.array(entityTypeOutput)).query(({ ctx }) => listEntityTypes(ctx)),
  get: orgProcedure
    .input(idInput)
    .output(entityTypeOutput)
    .query(({ ctx, input }) => getEntityType(ctx, input)),
  getBySlug: orgProcedure
    .input(z.object({ slug: z.string().min(1).max(50) }))
    .output(entityTypeOutput)
    .query(({ ctx, input }) => getEntityTypeBySlug(ctx, input)),
  create: orgProcedure
    .input(entityTypeInput)
    .output(entityTypeOutput)
    .mutation(({ ctx, input }) => createEntityType(ctx, input)),
  update: orgProcedure
    .input(idInput.extend(entityTypeInput.omit({ slug: true }).partial().shape))
    .output(entityTypeOutput)
    .mutation(({ ctx, input }) => updateEntityType(ctx, input)),
  remove: orgProcedure
    .input(idInput)
    .output(success)
    .mutation(({ ctx, input }) => removeEntityType(ctx, input)),
});
