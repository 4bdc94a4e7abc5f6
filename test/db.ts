import { randomBytes } from "node:crypto";
import { getDb, getDbAdapterFactory, resolveDatabaseTarget, type Db } from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";

const state = globalThis as typeof globalThis & { __testDbReady?: Promise<void> };

/**
 * Makes this worker's database ready: an in-memory PGlite gets the migrations applied once per
 * worker process; PostgreSQL was migrated by test/global-setup.ts.
 */
export function prepareTestDatabase(): Promise<void> {
  state.__testDbReady ??= (async () => {
    if (resolveDatabaseTarget().kind === "pglite") await applyMigrations(getDbAdapterFactory());
  })();
  return state.__testDbReady;
}

export function testDb(): Db {
  return getDb();
}

/** A random key so tests never collide on unique columns, whatever runs beside them. */
export function uid(prefix = "t"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
