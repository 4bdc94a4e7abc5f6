import { z } from "zod";
import { ORG_ROLES } from "@/lib/domain-values";

// Output shapes shared by several routers: the second line against leaking fields.

export const idInput = z.object({ id: z.string().min(1).max(100) });
export const orgRoleSchema = z.enum(ORG_ROLES);

export const organizationOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  plan: z.enum(["free", "pro", "enterprise"]),
  clerkOrgId: z.string().nullable(),
  // Omitted for members: a secrets-bearing setting, for owners and admins only.
  notificationWebhookUrl: z.string().nullable().optional(),
  hasNotificationSecret: z.boolean().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const publicUserOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string(),
});

export const memberOutput = z.object({
  id: z.string(),
  role: orgRoleSchema,
  createdAt: z.date(),
  user: publicUserOutput,
});
