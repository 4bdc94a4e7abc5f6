import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { Prisma } from "@/generated/prisma/client";
import {
  apiKeyPublicSelect,
  generateApiKey,
  hashApiKey,
  keyPrefix,
  type ApiKeyPublic,
} from "@/server/auth/api-keys";
import { badRequest, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext, type WithDefaults } from "@/server/services/context";
import type { createApiKeyInput, updateApiKeyInput } from "@/server/routers/api-keys.schemas";
import { recordEvent } from "@/server/services/events";

// API keys of an organization (docs/identity.md). Every member may see them (public shape only); owners
// and admins manage them. A key of another organization is "not found". Event payloads carry
// the prefix at most, never the key or its hash.

/** What apiKeys.create validates; `permissions` default to `chat` here too. */
export type CreateApiKeyInput = WithDefaults<z.output<typeof createApiKeyInput>, "permissions">;

/** What apiKeys.update validates. */
export type UpdateApiKeyInput = z.output<typeof updateApiKeyInput>;

const WHAT = "manage API keys";

/** The router validates too; this keeps callers other than tRPC honest (and uses one clock). */
function assertFutureExpiry(expiresAt: Date | null | undefined, now: Date): void {
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw badRequest("Expiry must be in the future", "expiresAt");
  }
}

const unique = (values: string[]) => [...new Set(values)];

/**
 * A key of the organization, or NOT_FOUND. `lock` takes its row lock first (`FOR UPDATE`): an
 * update or removal then works on the key as the last change left it, and a key removed
 * meanwhile is not found.
 */
async function findOwnKey(
  db: DbClient,
  orgId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ApiKeyPublic> {
  if (options.lock) {
    await db.$queryRaw`
      SELECT "id" FROM "apiKeys" WHERE "id" = ${id} AND "organizationId" = ${orgId} FOR UPDATE`;
  }
  const key = await db.apiKey.findFirst({
    where: { id, organizationId: orgId },
    select: apiKeyPublicSelect,
  });
  if (!key) throw notFound("API key");
  return key;
}

/** Creates a key; the plaintext is returned here and never again. */
export async function createApiKey(
  ctx: ServiceContext,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKeyPublic; key: string }> {
  requireOrgAdmin(ctx.actor, WHAT);
  assertFutureExpiry(input.expiresAt, new Date());
  const actor = ctx.actor;
  const key = generateApiKey(input.environment);
  const apiKey = await ctx.db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        organizationId: actor.orgId,
        name: input.name,
        environment: input.environment,
        permissions: unique(input.permissions ?? ["chat"]),
        expiresAt: input.expiresAt ?? null,
        keyHash: hashApiKey(key),
        keyPrefix: keyPrefix(key),
        createdById: actor.type === "user" ? actor.userId : null,
      },
      select: apiKeyPublicSelect,
    });
    await recordEvent(tx, actor, {
      eventType: "apiKey.created",
      payload: {
        apiKeyId: created.id,
        name: created.name,
        keyPrefix: created.keyPrefix,
        environment: created.environment,
        permissions: created.permissions,
        expiresAt: created.expiresAt?.toISOString() ?? null,
      },
    });
    return created;
  });
  return { apiKey, key };
}

/** Keys of the actor's organization, newest first. */
export async function listApiKeys(ctx: ServiceContext): Promise<ApiKeyPublic[]> {
  return ctx.db.apiKey.findMany({
    where: { organizationId: ctx.actor.orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiKeyPublicSelect,
  });
}

export async function getApiKey(ctx: ServiceContext, input: { id: string }): Promise<ApiKeyPublic> {
  return findOwnKey(ctx.db, ctx.actor.orgId, input.id);
}

export async function updateApiKey(
  ctx: ServiceContext,
  input: UpdateApiKeyInput,
): Promise<ApiKeyPublic> {
  requireOrgAdmin(ctx.actor, WHAT);
  assertFutureExpiry(input.expiresAt, new Date());
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const current = await findOwnKey(tx, actor.orgId, input.id, { lock: true });
    const data: Prisma.ApiKeyUpdateInput = {};
    if (input.name !== undefined) data.name = input.name;
    if (input.permissions !== undefined) data.permissions = unique(input.permissions);
    if (input.expiresAt !== undefined) data.expiresAt = input.expiresAt;
    // Nothing asked to change: no write, no event.
    if (Object.keys(data).length === 0) return current;
    const updated = await tx.apiKey.update({
      where: { id: input.id },
      data,
      select: apiKeyPublicSelect,
    });
    await recordEvent(tx, actor, {
      eventType: "apiKey.updated",
      payload: {
        apiKeyId: updated.id,
        changed: Object.keys(data),
        name: updated.name,
        permissions: updated.permissions,
        expiresAt: updated.expiresAt?.toISOString() ?? null,
      },
    });
    return updated;
  });
}

/** Revokes a key at once. Revoking a revoked key changes nothing and records nothing. */
export async function revokeApiKey(
  ctx: ServiceContext,
  input: { id: string },
): Promise<ApiKeyPublic> {
  requireOrgAdmin(ctx.actor, WHAT);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    await findOwnKey(tx, actor.orgId, input.id);
    // Conditional on `revokedAt IS NULL`, so two concurrent revocations record one event and
    // the first revocation time is kept.
    const { count } = await tx.apiKey.updateMany({
      where: { id: input.id, organizationId: actor.orgId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const key = await findOwnKey(tx, actor.orgId, input.id);
    if (count > 0) {
      await recordEvent(tx, actor, {
        eventType: "apiKey.revoked",
        payload: { apiKeyId: key.id, name: key.name, keyPrefix: key.keyPrefix },
      });
    }
    return key;
  });
}

/** Deletes a key for good; returns what it was. */
export async function removeApiKey(
  ctx: ServiceContext,
  input: { id: string },
): Promise<ApiKeyPublic> {
  requireOrgAdmin(ctx.actor, WHAT);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const key = await findOwnKey(tx, actor.orgId, input.id, { lock: true });
    await tx.apiKey.delete({ where: { id: key.id } });
    await recordEvent(tx, actor, {
      eventType: "apiKey.deleted",
      payload: { apiKeyId: key.id, name: key.name, keyPrefix: key.keyPrefix },
    });
    return key;
  });
}
