import { describe, expect, it } from "vitest";
import type { ApiKeyActor, UserActor } from "@/server/auth/actor";
import {
  assertKeyAllowsAgent,
  authenticateApiKey,
  generateApiKey,
  hashApiKey,
  keyAllowsAgent,
  keyPrefix,
  lastUsedIsStale,
  touchLastUsed,
} from "@/server/auth/api-keys";
import { AppError } from "@/server/errors";
import { createApiKey, listApiKeys, removeApiKey, revokeApiKey } from "@/server/services/api-keys";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

function adminCtx(tenant: Tenant) {
  const actor: UserActor = {
    type: "user",
    userId: tenant.admin.id,
    orgId: tenant.org.id,
    orgRole: "admin",
  };
  return { db: testDb(), actor };
}

const FORMAT = /^af_(live|test)_[0-9a-z]{8}_[0-9a-z]{32}$/;

describe("generateApiKey / hashApiKey", () => {
  it("makes af_live_ keys for production and af_test_ keys for development", () => {
    const live = generateApiKey("production");
    const test = generateApiKey("development");
    expect(live).toMatch(/^af_live_[0-9a-z]{8}_[0-9a-z]{32}$/);
    expect(test).toMatch(/^af_test_[0-9a-z]{8}_[0-9a-z]{32}$/);
    expect(live).toHaveLength(49);
    expect(keyPrefix(live)).toBe(live.slice(0, 16));
    expect(keyPrefix(live)).toMatch(/^af_live_[0-9a-z]{8}$/);
  });

  it("draws every character of [0-9a-z] and never repeats a key", () => {
    const keys = Array.from({ length: 300 }, () => generateApiKey("production"));
    expect(new Set(keys).size).toBe(keys.length);
    const random = keys.map((key) => key.slice(8).replace("_", "")).join("");
    expect(new Set(random).size).toBe(36);
  });

  it("hashes the whole key as lowercase SHA-256 hex", () => {
    // FIPS 180-2 test vector.
    expect(hashApiKey("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    const key = generateApiKey("development");
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toBe(
      hashApiKey(`${key.slice(0, -1)}${key.endsWith("x") ? "y" : "x"}`),
    );
  });
});

async function rejection(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("API key lifecycle", () => {
  it("shows the plaintext once, stores only hash and prefix, and authenticates", async () => {
    const tenant = await createTenant();
    const ctx = adminCtx(tenant);
    const { apiKey, key } = await createApiKey(ctx, { name: "CI", environment: "production" });
    expect(key).toMatch(FORMAT);
    expect(apiKey).not.toHaveProperty("keyHash");
    expect(apiKey).toMatchObject({
      keyPrefix: key.slice(0, 16),
      permissions: ["chat"],
      createdById: tenant.admin.id,
    });

    const stored = await testDb().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await listApiKeys(ctx);
    expect(listed.map((row) => row.id)).toContain(apiKey.id);
    for (const row of listed) expect(row).not.toHaveProperty("keyHash");
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(JSON.stringify(listed)).not.toContain(stored.keyHash);

    const auth = await authenticateApiKey(testDb(), key);
    expect(auth.actor).toEqual({
      type: "apiKey",
      apiKeyId: apiKey.id,
      orgId: tenant.org.id,
      permissions: ["chat"],
    } satisfies ApiKeyActor);
    expect(auth.environment).toBe("production");
    expect(auth.key).not.toHaveProperty("keyHash");
    expect(auth.key.id).toBe(apiKey.id);
  });

  it("rejects malformed keys and a wrong secret behind a right prefix", async () => {
    const tenant = await createTenant();
    const { key } = await createApiKey(adminCtx(tenant), { name: "k", environment: "development" });
    const wrongSecret = `${key.slice(0, 17)}${"0".repeat(32)}`;
    expect(wrongSecret).toMatch(FORMAT);
    const malformed = [
      "",
      "af_test_",
      key.toUpperCase(),
      `${key}x`,
      ` ${key}`,
      key.replace("af_test_", "af_prod_"),
    ];
    for (const candidate of [wrongSecret, ...malformed]) {
      const error = await rejection(authenticateApiKey(testDb(), candidate));
      expect(error).toMatchObject({ code: "UNAUTHORIZED", message: "Invalid API key" });
      expect(error.message).not.toContain(candidate || "af_");
    }
  });

  it("rejects a revoked key at once, and a deleted one", async () => {
    const tenant = await createTenant();
    const ctx = adminCtx(tenant);
    const revoked = await createApiKey(ctx, { name: "r", environment: "production" });
    await authenticateApiKey(testDb(), revoked.key);
    await revokeApiKey(ctx, { id: revoked.apiKey.id });
    expect(await rejection(authenticateApiKey(testDb(), revoked.key))).toMatchObject({
      code: "UNAUTHORIZED",
      message: "API key has been revoked",
    });

    const removed = await createApiKey(ctx, { name: "d", environment: "production" });
    await removeApiKey(ctx, { id: removed.apiKey.id });
    expect(await rejection(authenticateApiKey(testDb(), removed.key))).toMatchObject({
      code: "UNAUTHORIZED",
      message: "Invalid API key",
    });
  });

  it("rejects a key from the moment it expires", async () => {
    const tenant = await createTenant();
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    const { key } = await createApiKey(adminCtx(tenant), {
      name: "e",
      environment: "production",
      expiresAt,
    });
    await authenticateApiKey(testDb(), key, new Date(expiresAt.getTime() - 1));
    for (const now of [expiresAt, new Date(expiresAt.getTime() + 1)]) {
      expect(await rejection(authenticateApiKey(testDb(), key, now))).toMatchObject({
        code: "UNAUTHORIZED",
        message: "API key has expired",
      });
    }
  });
});

describe("permissions", () => {
  const actor = (permissions: string[]): ApiKeyActor => ({
    type: "apiKey",
    apiKeyId: "k",
    orgId: "o",
    permissions,
  });

  it("chat allows every agent; agent:<slug> entries only those", () => {
    expect(keyAllowsAgent(actor(["chat"]), "support")).toBe(true);
    expect(keyAllowsAgent(actor(["agent:support", "agent:sales"]), "sales")).toBe(true);
    expect(keyAllowsAgent(actor(["agent:support"]), "sales")).toBe(false);
    expect(keyAllowsAgent(actor(["agent:support"]), "support-2")).toBe(false);
    expect(keyAllowsAgent(actor([]), "support")).toBe(false);
    expect(() => assertKeyAllowsAgent(actor(["chat"]), "x")).not.toThrow();
  });

  it("refuses other agents with FORBIDDEN naming the agent", () => {
    let caught: unknown;
    try {
      assertKeyAllowsAgent(actor(["agent:support"]), "billing");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      code: "FORBIDDEN",
      message: "This API key is not allowed to use agent billing",
    });
  });
});

describe("touchLastUsed", () => {
  it("writes at most once a minute per key", async () => {
    const tenant = await createTenant();
    const { apiKey } = await createApiKey(adminCtx(tenant), {
      name: "t",
      environment: "production",
    });
    const lastUsed = async () =>
      (await testDb().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt;
    const t0 = new Date("2026-11-27T10:00:00.000Z");

    expect(await touchLastUsed(testDb(), apiKey.id, t0)).toBe(true);
    expect(await touchLastUsed(testDb(), apiKey.id, new Date(t0.getTime() + 30_000))).toBe(false);
    expect(await lastUsed()).toEqual(t0);

    const later = new Date(t0.getTime() + 61_000);
    // Several instances touching at once: one conditional UPDATE each, one write in total.
    const writes = await Promise.all(
      [1, 2, 3, 4].map(() => touchLastUsed(testDb(), apiKey.id, later)),
    );
    expect(writes.filter(Boolean)).toHaveLength(1);
    expect(await lastUsed()).toEqual(later);
  });

  it("tells from the row already read whether the write could happen", () => {
    const t0 = new Date("2026-11-27T10:00:00.000Z");
    expect(lastUsedIsStale(null, t0)).toBe(true);
    expect(lastUsedIsStale(new Date(t0.getTime() - 59_999), t0)).toBe(false);
    expect(lastUsedIsStale(new Date(t0.getTime() - 60_000), t0)).toBe(true);
  });
});
