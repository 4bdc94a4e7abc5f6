import { expect } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Caller } from "@/test/callers";
import { testDb } from "@/test/db";
import type { Tenant } from "@/test/factories";

/**
 * One cross-tenant case per tRPC procedure: called as an owner of organization A on records of
 * organization B, it must answer NOT_FOUND (or an empty list, or A's own data) and change nothing
 * of B. The suite reads the procedure list from the router, so a procedure without a case fails.
 */
export type CrossTenantContext = { a: Tenant; b: Tenant; asOwnerOfA: Caller };
export type CrossTenantCase = (t: CrossTenantContext) => Promise<void>;

/**
 * A case that first gives the tenants records to attack. `setup` runs before B is fingerprinted,
 * so it may write anything (through the services, events included); `run` is then held to
 * changing nothing of B. Made with `withSetup`, which keeps the state's type between the two.
 */
export type CrossTenantSetupCase = {
  setup: (t: CrossTenantContext) => Promise<unknown>;
  run: (t: CrossTenantContext, state: unknown) => Promise<void>;
};
export type CrossTenantCases = Record<string, CrossTenantCase | CrossTenantSetupCase>;

export function withSetup<S>(
  setup: (t: CrossTenantContext) => Promise<S>,
  run: (t: CrossTenantContext, state: S) => Promise<void>,
): CrossTenantSetupCase {
  // The state only ever comes from this case's own setup, so the cast cannot lie.
  return { setup, run: (t, state) => run(t, state as S) };
}

/** Runs one case as the suite does: setup, fingerprint of B, attack, B unchanged. */
export async function runCrossTenantCase(
  crossCase: CrossTenantCase | CrossTenantSetupCase,
  t: CrossTenantContext,
): Promise<void> {
  const state = typeof crossCase === "function" ? undefined : await crossCase.setup(t);
  const before = await fingerprint(t.b);
  if (typeof crossCase === "function") await crossCase(t);
  else await crossCase.run(t, state);
  expect(await fingerprint(t.b), "organization B changed").toBe(before);
}

export async function expectNotFound(call: Promise<unknown>): Promise<void> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "the call succeeded").toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("NOT_FOUND");
}

const TENANT_TABLES = [
  "agent",
  "agentConfig",
  "thread",
  "message",
  "entityType",
  "entity",
  "entityRelation",
  "event",
  "job",
  "role",
  "policy",
  "scopeRule",
  "fieldMask",
  "userRole",
  "apiKey",
  "execution",
  "toolPermission",
  "installedPack",
  "membership",
] as const;

/** Everything organization B has, to compare before and after a case. */
export async function fingerprint(tenant: Tenant): Promise<string> {
  const db = testDb();
  const where = { organizationId: tenant.org.id };
  const tables = await Promise.all(
    TENANT_TABLES.map((table) =>
      // Each delegate has the same findMany shape; the union of their types is not callable.
      (db[table] as unknown as { findMany(args: object): Promise<unknown[]> }).findMany({
        where,
        orderBy: { id: "asc" },
      }),
    ),
  );
  const organization = await db.organization.findUnique({ where: { id: tenant.org.id } });
  const users = await db.user.findMany({
    where: { id: { in: [tenant.owner.id, tenant.admin.id, tenant.member.id] } },
    orderBy: { id: "asc" },
  });
  // messages.seq is a BigInt, which JSON cannot carry as it is.
  return JSON.stringify({ organization, users, tables }, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
