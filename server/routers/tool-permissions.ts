import { z } from "zod";
import { removedOutput } from "@/server/routers/roles.schemas";
import {
  agentIdInput,
  setToolPermissionInput,
  toolPermissionOutput,
  toolPermissionRefInput,
} from "@/server/routers/tool-permissions.schemas";
import {
  listToolPermissions,
  removeToolPermission,
  setToolPermission,
} from "@/server/services/tool-permissions";
import { adminProcedure, orgProcedure, router } from "@/server/trpc";

// Tool permissions of an agent: any member reads, owners and admins change (docs/permissions.md).
export const toolPermissionsRouter = router({
  list: orgProcedure
    .input(agentIdInput)
    .output(z.array(toolPermissionOutput))
    .query(({ ctx, input }) => listToolPermissions(ctx, input)),
  set: adminProcedure
    .input(setToolPermissionInput)
    .output(toolPermissionOutput)
    .mutation(({ ctx, input }) => setToolPermission(ctx, input)),
  remove: adminProcedure
    .input(toolPermissionRefInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeToolPermission(ctx, input)),
});
