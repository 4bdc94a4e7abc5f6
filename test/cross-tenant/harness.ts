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
export type CrossTenantCase = (t: { a: Tenant; b: Tenant; asOwnerOfA: Caller }) => Promise<void>;
export type CrossTenantCases = Record<string, CrossTenantCase>;

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
  return JSON.stringify({ organization, users, tables });
}
