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
});

/** A notification webhook URL is long enough for a token in its query, and no longer. */
export const NOTIFICATION_URL_MAX_LENGTH = 2000;

export const setNotificationWebhookInput = z.object({
  // Checked further by the service (https, no credentials, no private address literal).
  url: z
    .url({ protocol: /^https?$/ })
    .max(NOTIFICATION_URL_MAX_LENGTH)
    .nullable(),
});

export const notificationWebhookOutput = z.object({
  notificationWebhookUrl: z.string().nullable(),
  hasNotificationSecret: z.boolean(),
  /** Present once: in the answer that generated it. */
  signingSecret: z.string().optional(),
});
