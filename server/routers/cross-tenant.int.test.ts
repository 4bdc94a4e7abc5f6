/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/routers/_app";
import { callerFor } from "@/test/callers";
import { runCrossTenantCase, type CrossTenantCases } from "@/test/cross-tenant/harness";
import { createTenant } from "@/test/factories";

// Every tRPC procedure, called by an owner of organization A on organization B's records, must
// answer NOT_FOUND (or an empty list, or A's own data) and change nothing of B. The procedure
// list comes from the router: a new procedure without a case in test/cross-tenant/ fails here.

const modules = import.meta.glob<{ cases: CrossTenantCases }>(
  "../../test/cross-tenant/*.cases.ts",
  { eager: true },
);
const cases: CrossTenantCases = Object.assign(
  {},
  ...Object.values(modules).map((module) => module.cases),
);
const procedures = Object.keys(appRouter._def.procedures).sort();

describe("cross-tenant isolation", () => {
  it("has a case for every procedure of the router, and none for a procedure that does not exist", () => {
    expect(
      procedures.filter((path) => !(path in cases)),
      "procedures without a cross-tenant case",
    ).toEqual([]);
    expect(
      Object.keys(cases).filter((path) => !procedures.includes(path)),
      "cases of unknown procedures",
    ).toEqual([]);
  });

  it.each(procedures.filter((path) => path in cases))("%s", async (path) => {
    const [a, b] = [await createTenant(), await createTenant()];
    const asOwnerOfA = callerFor({ userId: a.owner.id, orgId: a.org.id });
    await runCrossTenantCase(cases[path]!, { a, b, asOwnerOfA });
  });
});
