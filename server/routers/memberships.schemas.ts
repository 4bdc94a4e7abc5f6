import { z } from "zod";
import { orgRoleSchema } from "@/server/routers/schemas";

// Input schemas of the memberships router (the services' input types are inferred from them).

export const userIdInput = z.object({ userId: z.string().min(1).max(100) });
export const inviteMemberInput = z.object({
  email: z.email().max(320),
  role: orgRoleSchema.default("member"),
});
export const changeMemberRoleInput = userIdInput.extend({ role: orgRoleSchema });
