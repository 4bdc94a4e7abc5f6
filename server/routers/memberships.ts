import { z } from "zod";
import { memberOutput } from "@/server/routers/schemas";
import {
  changeMemberRoleInput,
  inviteMemberInput,
  userIdInput,
} from "@/server/routers/memberships.schemas";
import {
  changeMemberRole,
  inviteMember,
  leaveOrganization,
  listMembers,
  removeMember,
} from "@/server/services/memberships";
import { orgProcedure, router } from "@/server/trpc";

const removedOutput = z.object({ userId: z.string(), removed: z.literal(true) });

// Admin rules live in the service (a member may leave; only owners touch owners).
export const membershipsRouter = router({
  list: orgProcedure.output(z.array(memberOutput)).query(({ ctx }) => listMembers(ctx)),
  invite: orgProcedure
    .input(inviteMemberInput)
    .output(
      z.discriminatedUnion("status", [
        z.object({ status: z.literal("added"), member: memberOutput.omit({ createdAt: true }) }),
        z.object({ status: z.literal("invited"), email: z.string() }),
      ]),
    )
    .mutation(({ ctx, input }) => inviteMember(ctx, input)),
  changeRole: orgProcedure
    .input(changeMemberRoleInput)
    .output(memberOutput)
    .mutation(({ ctx, input }) => changeMemberRole(ctx, input)),
  remove: orgProcedure
    .input(userIdInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeMember(ctx, input)),
  leave: orgProcedure.output(removedOutput).mutation(({ ctx }) => leaveOrganization(ctx)),
});
