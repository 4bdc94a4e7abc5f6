import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { hashApiKey } from "@/server/auth/api-keys";
import { apiKeyOutput } from "@/server/routers/api-keys.schemas";
import { callerFor } from "@/test/callers";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// The apiKeys router through the real procedure ladder: who may do what, what leaves the server
// (never keyHash), and the audit trail (docs/identity.md).

type Role = "owner" | "admin" | "member";
const ROLES: Role[] = ["owner", "admin", "member"];
const as = (tenant: Tenant, role: Role) =>
  callerFor({ userId: tenant[role].id, orgId: tenant.org.id });

async function caught(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const events = (orgId: string, eventType?: string) =>
  testDb().event.findMany({
    where: { organizationId: orgId, eventType: eventType ?? { startsWith: "apiKey." } },
    orderBy: { timestamp: "asc" },
  });

/** A key made by the tenant's owner; returns the public shape and the plaintext. */
const makeKey = (tenant: Tenant, name = "key") =>
  as(tenant, "owner").apiKeys.create({ name, environment: "production" });

/** Nothing of the organization's keys changed, and no event was recorded. */
async function snapshot(tenant: Tenant): Promise<string> {
  const [keys, recorded] = await Promise.all([
    testDb().apiKey.findMany({ where: { organizationId: tenant.org.id }, orderBy: { id: "asc" } }),
    events(tenant.org.id),
  ]);
  return JSON.stringify({ keys, recorded });
}

function expectNoSecrets(output: unknown, secrets: string[]): void {
  const json = JSON.stringify(output);
  expect(json).not.toContain("keyHash");
  for (const secret of secrets) expect(json).not.toContain(secret);
}

describe("apiKeys: org-role matrix", () => {
  it.each(ROLES)("create as %s", async (role) => {
    const t = await createTenant();
    const before = await snapshot(t);
    const call = as(t, role).apiKeys.create({ name: "CI", environment: "development" });
    if (role === "member") {
      expect((await caught(call)).code).toBe("FORBIDDEN");
      expect(await snapshot(t)).toBe(before);
      return;
    }
    const { apiKey, key } = await call;
    expect(key).toMatch(/^af_test_[0-9a-z]{8}_[0-9a-z]{32}$/);
    expect(apiKey).toMatchObject({
      name: "CI",
      environment: "development",
      permissions: ["chat"],
      createdById: t[role].id,
    });
    expect(Object.keys(apiKey).sort()).toEqual([
      "createdAt",
      "createdById",
      "environment",
      "expiresAt",
      "id",
      "keyPrefix",
      "lastUsedAt",
      "name",
      "permissions",
      "revokedAt",
    ]);
    const [event] = await events(t.org.id, "apiKey.created");
    expect(event).toMatchObject({
      actorType: "user",
      actorId: t[role].id,
      payload: { apiKeyId: apiKey.id },
    });
    expectNoSecrets(event, [key, hashApiKey(key)]);
  });

  it.each(ROLES)("update as %s", async (role) => {
    const t = await createTenant();
    const { apiKey, key } = await makeKey(t);
    const before = await snapshot(t);
    const expiresAt = new Date(Date.now() + 86_400_000);
    const call = as(t, role).apiKeys.update({
      id: apiKey.id,
      name: "Renamed",
      permissions: ["agent:support"],
      expiresAt,
    });
    if (role === "member") {
      expect((await caught(call)).code).toBe("FORBIDDEN");
      expect(await snapshot(t)).toBe(before);
      return;
    }
    const updated = await call;
    expect(updated).toMatchObject({ name: "Renamed", permissions: ["agent:support"], expiresAt });
    expectNoSecrets(updated, [key, hashApiKey(key)]);
    const cleared = await as(t, role).apiKeys.update({ id: apiKey.id, expiresAt: null });
    expect(cleared).toMatchObject({ name: "Renamed", expiresAt: null });
    const recorded = await events(t.org.id, "apiKey.updated");
    expect(recorded.map((event) => event.actorId)).toEqual([t[role].id, t[role].id]);
    expectNoSecrets(recorded, [key, hashApiKey(key)]);
  });

  it.each(ROLES)("revoke as %s (idempotent)", async (role) => {
    const t = await createTenant();
    const { apiKey } = await makeKey(t);
    const before = await snapshot(t);
    const call = as(t, role).apiKeys.revoke({ id: apiKey.id });
    if (role === "member") {
      expect((await caught(call)).code).toBe("FORBIDDEN");
      expect(await snapshot(t)).toBe(before);
      return;
    }
    const revoked = await call;
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await as(t, role).apiKeys.revoke({ id: apiKey.id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    const recorded = await events(t.org.id, "apiKey.revoked");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actorId: t[role].id, payload: { apiKeyId: apiKey.id } });
  });

  it.each(ROLES)("remove as %s", async (role) => {
    const t = await createTenant();
    const { apiKey } = await makeKey(t);
    const before = await snapshot(t);
    const call = as(t, role).apiKeys.remove({ id: apiKey.id });
    if (role === "member") {
      expect((await caught(call)).code).toBe("FORBIDDEN");
      expect(await snapshot(t)).toBe(before);
      return;
    }
    expect((await call).id).toBe(apiKey.id);
    expect(await testDb().apiKey.findUnique({ where: { id: apiKey.id } })).toBeNull();
    expect((await caught(as(t, role).apiKeys.get({ id: apiKey.id }))).code).toBe("NOT_FOUND");
    expect(await events(t.org.id, "apiKey.deleted")).toMatchObject([
      { actorId: t[role].id, payload: { apiKeyId: apiKey.id } },
    ]);
  });

  it.each(ROLES)("list and get as %s: public shape only, newest first", async (role) => {
    const t = await createTenant();
    const first = await makeKey(t, "first");
    const second = await makeKey(t, "second");
    const listed = await as(t, role).apiKeys.list();
    expect(listed.map((key) => key.id)).toEqual([second.apiKey.id, first.apiKey.id]);
    const got = await as(t, role).apiKeys.get({ id: first.apiKey.id });
    expect(got).toEqual(first.apiKey);
    expectNoSecrets(
      [listed, got],
      [first.key, second.key, hashApiKey(first.key), hashApiKey(second.key)],
    );
  });
});

describe("apiKeys: input validation", () => {
  it("names the field of a bad permission", async () => {
    const t = await createTenant();
    const error = await caught(
      as(t, "owner").apiKeys.create({
        name: "k",
        environment: "production",
        permissions: ["chat", "admin"],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).issues[0]?.path).toEqual(["permissions", 1]);
    expect(error.message).toContain("permissions");
    expect(await testDb().apiKey.count({ where: { organizationId: t.org.id } })).toBe(0);
  });

  it("rejects an empty or long name, an unknown environment, a past expiry, bad agent slugs", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const { apiKey } = await makeKey(t);
    // Thunks: each call starts only when awaited, so no rejection is left unhandled meanwhile.
    const bad: [() => Promise<unknown>, string][] = [
      [() => owner.apiKeys.create({ name: " ", environment: "production" }), "name"],
      [() => owner.apiKeys.create({ name: "x".repeat(101), environment: "production" }), "name"],
      // @ts-expect-error: the environment is checked at run time too.
      [() => owner.apiKeys.create({ name: "k", environment: "staging" }), "environment"],
      [
        () =>
          owner.apiKeys.create({
            name: "k",
            environment: "production",
            expiresAt: new Date(Date.now() - 1000),
          }),
        "expiresAt",
      ],
      [
        () => owner.apiKeys.create({ name: "k", environment: "production", permissions: [] }),
        "permissions",
      ],
      [
        () => owner.apiKeys.update({ id: apiKey.id, permissions: ["agent:Support"] }),
        "permissions",
      ],
      [() => owner.apiKeys.update({ id: apiKey.id, permissions: ["agent:"] }), "permissions"],
      [() => owner.apiKeys.update({ id: apiKey.id, expiresAt: new Date(0) }), "expiresAt"],
    ];
    for (const [call, field] of bad) {
      const error = await caught(call());
      expect(error.code).toBe("BAD_REQUEST");
      expect((error.cause as ZodError).issues[0]?.path[0]).toBe(field);
    }
    expect(await testDb().apiKey.count({ where: { organizationId: t.org.id } })).toBe(1);
  });

  it("accepts agent:<slug> entries and drops duplicates", async () => {
    const t = await createTenant();
    const { apiKey } = await as(t, "admin").apiKeys.create({
      name: "support bot",
      environment: "production",
      permissions: ["agent:support-2", "agent:sales", "agent:support-2"],
    });
    expect(apiKey.permissions).toEqual(["agent:support-2", "agent:sales"]);
    expect((await caught(as(t, "admin").apiKeys.get({ id: "missing" }))).code).toBe("NOT_FOUND");
  });
});

describe("apiKeys: output schema", () => {
  it("drops keyHash even if a service returned it", async () => {
    const t = await createTenant();
    const { apiKey } = await makeKey(t);
    const row = await testDb().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyOutput.parse(row)).not.toHaveProperty("keyHash");
  });

  it("an update that changes nothing records nothing", async () => {
    const t = await createTenant();
    const { apiKey } = await makeKey(t);
    expect(await as(t, "admin").apiKeys.update({ id: apiKey.id })).toEqual(apiKey);
    expect(await events(t.org.id, "apiKey.updated")).toHaveLength(0);
  });
});
