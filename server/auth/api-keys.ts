import type { DbClient } from "@/server/db/client";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Environment, Prisma } from "@/generated/prisma/client";
import type { ApiKeyActor } from "@/server/auth/actor";
import { AppError } from "@/server/errors";

// API keys (docs/identity.md): `af_live_<8>_<32>` / `af_test_<8>_<32>`. Only the SHA-256 of the whole key
// and its 16-character prefix are stored; the plaintext is shown once. Keys and hashes never go
// to logs or error messages.

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
// The largest multiple of 36 that fits in a byte: bytes at or above it are dropped, so every
// character is equally likely (a plain `byte % 36` would favour the first 4 characters).
const UNBIASED_BYTE_LIMIT = 256 - (256 % ALPHABET.length);
const KEY_PATTERN = /^af_(live|test)_[0-9a-z]{8}_[0-9a-z]{32}$/;
export const KEY_PREFIX_LENGTH = 16;
/** lastUsedAt is written at most once per this many milliseconds per key. */
export const LAST_USED_THROTTLE_MS = 60_000;

/** What may leave the server about a key: never `keyHash`. */
export const apiKeyPublicSelect = {
  id: true,
  name: true,
  keyPrefix: true,
  environment: true,
  permissions: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
  createdById: true,
} as const satisfies Prisma.ApiKeySelect;

export type ApiKeyPublic = Prisma.ApiKeyGetPayload<{ select: typeof apiKeyPublicSelect }>;

function randomString(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateApiKey(environment: Environment): string {
  const marker = environment === "production" ? "live" : "test";
  return `af_${marker}_${randomString(8)}_${randomString(32)}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX_LENGTH);
}

export function isWellFormedApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

const unauthorized = (message: string) => new AppError("UNAUTHORIZED", message);

export type AuthenticatedApiKey = {
  actor: ApiKeyActor;
  environment: Environment;
  key: ApiKeyPublic;
};

/**
 * Resolves a presented key to its actor. Rejects malformed, unknown, revoked and expired keys
 * with UNAUTHORIZED; nothing is cached, so a revocation applies to the very next request.
 */
export async function authenticateApiKey(
  db: DbClient,
  rawKey: string,
  now: Date = new Date(),
): Promise<AuthenticatedApiKey> {
  if (!isWellFormedApiKey(rawKey)) throw unauthorized("Invalid API key");
  const hash = hashApiKey(rawKey);
  const row = await db.apiKey.findUnique({
    where: { keyHash: hash },
    select: { ...apiKeyPublicSelect, organizationId: true, keyHash: true },
  });
  // The unique index finds the row; the constant-time comparison keeps the final check from
  // depending on how many leading characters match, whatever the database's comparison does.
  const presented = Buffer.from(hash, "hex");
  const stored = Buffer.from(row?.keyHash ?? "", "hex");
  if (!row || stored.length !== presented.length || !timingSafeEqual(stored, presented)) {
    throw unauthorized("Invalid API key");
  }
  if (row.revokedAt) throw unauthorized("API key has been revoked");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    throw unauthorized("API key has expired");
  }
  const { organizationId, keyHash: _keyHash, ...key } = row;
  return {
    actor: {
      type: "apiKey",
      apiKeyId: row.id,
      orgId: organizationId,
      permissions: row.permissions,
    },
    environment: row.environment,
    key,
  };
}

/** `chat` allows every agent of the organization; `agent:<slug>` entries allow only those. */
export function keyAllowsAgent(actor: ApiKeyActor, agentSlug: string): boolean {
  return actor.permissions.includes("chat") || actor.permissions.includes(`agent:${agentSlug}`);
}

export function assertKeyAllowsAgent(actor: ApiKeyActor, agentSlug: string): void {
  if (!keyAllowsAgent(actor, agentSlug)) {
    throw new AppError("FORBIDDEN", `This API key is not allowed to use agent ${agentSlug}`);
  }
}

/** Whether lastUsedAt is old enough for `touchLastUsed` to write again. */
export function lastUsedIsStale(lastUsedAt: Date | null, now: Date = new Date()): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_THROTTLE_MS;
}

/**
 * Records that a key was used, at most once a minute per key. One conditional UPDATE, so
 * concurrent requests on several server instances write at most once per window without a
 * read-then-write race. Returns whether this call wrote.
 */
export async function touchLastUsed(
  db: DbClient,
  keyId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const threshold = new Date(now.getTime() - LAST_USED_THROTTLE_MS);
  const updated = await db.$executeRaw`
    UPDATE "apiKeys" SET "lastUsedAt" = ${now}
    WHERE "id" = ${keyId} AND ("lastUsedAt" IS NULL OR "lastUsedAt" <= ${threshold})`;
  return updated > 0;
}
