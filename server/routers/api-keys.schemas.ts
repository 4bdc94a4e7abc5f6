import { z } from "zod";

// Input and output schemas of the apiKeys router. The output schemas are a second line against
// leaking `keyHash`: whatever a service returns, only these fields leave the server.

export const API_KEY_PERMISSION_PATTERN = /^(chat|agent:[a-z0-9-]+)$/;

const name = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is at most 100 characters");

const permissions = z
  .array(
    z
      .string()
      .max(120)
      .regex(API_KEY_PERMISSION_PATTERN, 'A permission is "chat" or "agent:<slug>"'),
  )
  .min(1, "At least one permission is required")
  .max(100, "At most 100 permissions");

const futureDate = z
  .date()
  .refine((date) => date.getTime() > Date.now(), { error: "Expiry must be in the future" });

export const createApiKeyInput = z.object({
  name,
  environment: z.enum(["development", "production"]),
  permissions: permissions.default(["chat"]),
  expiresAt: futureDate.optional(),
});

export const updateApiKeyInput = z.object({
  id: z.string().min(1).max(100),
  name: name.optional(),
  permissions: permissions.optional(),
  /** null removes the expiry. */
  expiresAt: futureDate.nullable().optional(),
});

export const apiKeyIdInput = z.object({ id: z.string().min(1).max(100) });

export const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  environment: z.enum(["development", "production"]),
  permissions: z.array(z.string()),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  createdById: z.string().nullable(),
});

export const createApiKeyOutput = z.object({
  apiKey: apiKeyOutput,
  /** The plaintext key: returned by `create` only, never stored. */
  key: z.string(),
});

export type ApiKeyOutput = z.infer<typeof apiKeyOutput>;
