import type { RouterOutputs } from "@/lib/trpc/types";

// Pure helpers behind the API keys page: status, permission labels and parsing the slug list.

export type ApiKey = RouterOutputs["apiKeys"]["list"][number];

export type ApiKeyStatus = "active" | "revoked" | "expired";

/** Revocation wins over expiry: a revoked key stays "revoked" after its expiry passes. */
export function apiKeyStatus(
  key: Pick<ApiKey, "revokedAt" | "expiresAt">,
  now: number,
): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now) return "expired";
  return "active";
}

export const ALL_AGENTS = "chat";
const AGENT_PREFIX = "agent:";
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "All agents" for `chat`, otherwise the agent slugs the key is limited to. */
export function describePermissions(permissions: readonly string[]): string {
  if (permissions.includes(ALL_AGENTS)) return "All agents";
  const slugs = permissions
    .filter((permission) => permission.startsWith(AGENT_PREFIX))
    .map((permission) => permission.slice(AGENT_PREFIX.length));
  return slugs.length > 0 ? slugs.join(", ") : "None";
}

export type ParsedSlugs =
  { permissions: string[]; error: null } | { permissions: null; error: string };

/** "support, sales-bot" → ["agent:support", "agent:sales-bot"], or the reason it is invalid. */
export function parseAgentSlugs(text: string): ParsedSlugs {
  const slugs = [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((slug) => slug.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (slugs.length === 0) return { permissions: null, error: "Enter at least one agent slug" };
  const invalid = slugs.filter((slug) => !SLUG.test(slug));
  if (invalid.length > 0) {
    return {
      permissions: null,
      error: `Not a valid agent slug: ${invalid.join(", ")} (use lower-case letters, digits and dashes)`,
    };
  }
  return { permissions: slugs.map((slug) => `${AGENT_PREFIX}${slug}`), error: null };
}
