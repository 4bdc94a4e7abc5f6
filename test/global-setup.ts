import { createAdapterFactory } from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";

/**
 * With PostgreSQL, every worker shares one database: migrate it once, before any worker starts.
 * (With PGlite each worker migrates its own in-memory database in test/setup.ts.)
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const applied = await applyMigrations(createAdapterFactory({ kind: "postgres", url }));
  if (applied.length > 0) console.log(`test database: applied ${applied.join(", ")}`);
}
