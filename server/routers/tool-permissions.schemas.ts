import { z } from "zod";
import { RECORD_ACTIONS } from "@/server/routers/roles.schemas";

// Input and output schemas of the toolPermissions router (docs/permissions.md).

const id = z.string().min(1).max(100);

const toolName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits, dots, dashes, colons and underscores");

export const toolPermissionRefInput = z.object({ agentId: id, toolName });
export const agentIdInput = z.object({ agentId: id });
export const setToolPermissionInput = z.object({
  agentId: id,
  toolName,
  identityMode: z.enum(["inherit", "system", "configured"]),
  configuredRoleId: id.nullable().optional(),
  allowedActions: z.array(z.enum(RECORD_ACTIONS)).max(5).optional(),
  deniedFields: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
});

export const toolPermissionOutput = z.object({
  id: z.string(),
  agentId: z.string(),
  toolName: z.string(),
  identityMode: z.enum(["inherit", "system", "configured"]),
  configuredRoleId: z.string().nullable(),
  configuredRole: z.object({ id: z.string(), name: z.string() }).nullable(),
  allowedActions: z.array(z.string()),
  deniedFields: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
