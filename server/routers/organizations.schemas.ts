import { z } from "zod";
import { idInput } from "@/server/routers/schemas";

// Input schemas of the organizations router (the services' input types are inferred from them).

export const organizationSlug = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");

export const updateOrganizationInput = idInput.extend({
  name: z.string().trim().min(1).max(100).optional(),
  slug: organizationSlug.optional(),
  plan: z.enum(["free", "pro", "enterprise"]).optional(),
  notificationWebhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
});
