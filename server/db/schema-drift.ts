import { createAdapterFactory } from "@/server/db/client";
import { diffMigrationsToSchema } from "@/server/db/schema-engine";

/**
 * SQL that the schema has and the migrations lack (empty string when they agree). Computed on a
 * throw-away in-memory database, so it never touches the configured one. Hand-written objects in
 * the migrations (partial and expression indexes, the search trigger) are invisible to the
 * engine's diff, so they never count as drift.
 */
export async function schemaDrift(schemaContent?: string): Promise<string> {
  return diffMigrationsToSchema(
    createAdapterFactory({ kind: "pglite", dataDir: "memory://" }),
    schemaContent,
  );
}
