import { z } from "zod";
import {
  apiKeyIdInput,
  apiKeyOutput,
  createApiKeyInput,
  createApiKeyOutput,
  updateApiKeyInput,
} from "@/server/routers/api-keys.schemas";
import {
  createApiKey,
  getApiKey,
  listApiKeys,
  removeApiKey,
  revokeApiKey,
  updateApiKey,
} from "@/server/services/api-keys";
import { adminProcedure, orgProcedure, router } from "@/server/trpc";

// Thin: input schema → service → output schema. Any member may read (public shape only); owners
// and admins manage. The organization is the actor's, never an input.

export const apiKeysRouter = router({
  create: adminProcedure
    .input(createApiKeyInput)
    .output(createApiKeyOutput)
    .mutation(({ ctx, input }) => createApiKey(ctx, input)),
  list: orgProcedure.output(z.array(apiKeyOutput)).query(({ ctx }) => listApiKeys(ctx)),
  get: orgProcedure
    .input(apiKeyIdInput)
    .output(apiKeyOutput)
    .query(({ ctx, input }) => getApiKey(ctx, input)),
  update: adminProcedure
    .input(updateApiKeyInput)
    .output(apiKeyOutput)
    .mutation(({ ctx, input }) => updateApiKey(ctx, input)),
  revoke: adminProcedure
    .input(apiKeyIdInput)
    .output(apiKeyOutput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx, input)),
  remove: adminProcedure
    .input(apiKeyIdInput)
    .output(apiKeyOutput)
    .mutation(({ ctx, input }) => removeApiKey(ctx, input)),
});
