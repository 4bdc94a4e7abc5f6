import { z } from "zod";
import {
  idInput,
  organizationOutput,
  orgRoleSchema,
  publicUserOutput,
} from "@/server/routers/schemas";
import { updateUserInput } from "@/server/routers/users.schemas";
import {
  getCurrentUser,
  getUser,
  listUsers,
  removeUser,
  updateUser,
} from "@/server/services/users";
import { authedProcedure, orgProcedure, router } from "@/server/trpc";

const orgUserOutput = publicUserOutput.extend({
  role: orgRoleSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const usersRouter = router({
  get: orgProcedure
    .input(idInput)
    .output(orgUserOutput)
    .query(({ ctx, input }) => getUser(ctx, input)),
  getCurrent: authedProcedure
    .output(
      publicUserOutput.extend({
        createdAt: z.date(),
        updatedAt: z.date(),
        organizations: z.array(organizationOutput.extend({ role: orgRoleSchema })),
      }),
    )
    .query(({ ctx }) => getCurrentUser(ctx, ctx.user.id)),
  list: orgProcedure
    .output(z.array(publicUserOutput.extend({ role: orgRoleSchema, memberSince: z.date() })))
    .query(({ ctx }) => listUsers(ctx)),
  update: orgProcedure
    .input(updateUserInput)
    .output(orgUserOutput)
    .mutation(({ ctx, input }) => updateUser(ctx, input)),
  remove: orgProcedure
    .input(idInput)
    .output(z.object({ id: z.string(), removed: z.literal(true) }))
    .mutation(({ ctx, input }) => removeUser(ctx, input)),
});
