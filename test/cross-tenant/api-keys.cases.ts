import { expect } from "vitest";
import { generateApiKey, hashApiKey, keyPrefix } from "@/server/auth/api-keys";
import { expectNotFound, type CrossTenantCases } from "@/test/cross-tenant/harness";
import { testDb } from "@/test/db";
import type { Tenant } from "@/test/factories";

// Cross-tenant cases of the apiKeys router: B's keys are "not found" to A's owner, and nothing
// A does reaches them.
//
// The harness fingerprints B before a case runs, and a fresh tenant has no keys; so each case
// gives B a key (written directly: no event), attacks it, checks the row is exactly as it was,
// and removes it again, leaving B as the harness saw it. Anything else the attack wrote in B
// (an event, another row) still fails the harness's comparison.
async function withKeyOf(tenant: Tenant, attack: (keyId: string) => Promise<void>): Promise<void> {
  const key = generateApiKey("production");
  const created = await testDb().apiKey.create({
    data: {
      organizationId: tenant.org.id,
      name: "B's key",
      environment: "production",
      keyHash: hashApiKey(key),
      keyPrefix: keyPrefix(key),
      createdById: tenant.admin.id,
    },
  });
  try {
    await attack(created.id);
    expect(
      await testDb().apiKey.findUnique({ where: { id: created.id } }),
      "B's key changed",
    ).toEqual(created);
  } finally {
    await testDb().apiKey.deleteMany({ where: { id: created.id } });
  }
}

export const cases: CrossTenantCases = {
  "apiKeys.create": async ({ a, b, asOwnerOfA }) => {
    const { apiKey } = await asOwnerOfA.apiKeys.create({
      name: "A's key",
      environment: "production",
    });
    const stored = await testDb().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.organizationId).toBe(a.org.id);
    expect(await testDb().apiKey.count({ where: { organizationId: b.org.id } })).toBe(0);
  },
  "apiKeys.list": ({ b, asOwnerOfA }) =>
    withKeyOf(b, async (theirs) => {
      const { apiKey: ours } = await asOwnerOfA.apiKeys.create({
        name: "A's key",
        environment: "development",
      });
      const ids = (await asOwnerOfA.apiKeys.list()).map((key) => key.id);
      expect(ids).toEqual([ours.id]);
      expect(ids).not.toContain(theirs);
    }),
  "apiKeys.get": ({ b, asOwnerOfA }) =>
    withKeyOf(b, (theirs) => expectNotFound(asOwnerOfA.apiKeys.get({ id: theirs }))),
  "apiKeys.update": ({ b, asOwnerOfA }) =>
    withKeyOf(b, (theirs) =>
      expectNotFound(
        asOwnerOfA.apiKeys.update({
          id: theirs,
          name: "Taken over",
          permissions: ["agent:x"],
          expiresAt: null,
        }),
      ),
    ),
  "apiKeys.revoke": ({ b, asOwnerOfA }) =>
    withKeyOf(b, (theirs) => expectNotFound(asOwnerOfA.apiKeys.revoke({ id: theirs }))),
  "apiKeys.remove": ({ b, asOwnerOfA }) =>
    withKeyOf(b, (theirs) => expectNotFound(asOwnerOfA.apiKeys.remove({ id: theirs }))),
};
