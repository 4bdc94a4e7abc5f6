import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/server/env";

// One Prisma client per process: PostgreSQL through adapter-pg when DATABASE_URL is set,
// otherwise the embedded PGlite database (STACK.md). PGlite allows one process per data
// directory, so tests use `memory://` (see vitest.config.ts), never the dev directory.

export type Db = PrismaClient;

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

export function resolveDatabaseTarget(): DatabaseTarget {
  const { DATABASE_URL, PGLITE_DIR } = env();
  if (DATABASE_URL) return { kind: "postgres", url: DATABASE_URL };
  return { kind: "pglite", dataDir: PGLITE_DIR };
}

function openPglite(dataDir: string): PGlite {
  if (dataDir.startsWith("memory://")) return new PGlite(dataDir);
  const absolute = path.resolve(dataDir);
  // PGlite does not create missing parent folders.
  mkdirSync(path.dirname(absolute), { recursive: true });
  return new PGlite(absolute);
}

/** A driver adapter factory for the target; also what the schema engine migrates through. */
export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === "postgres") return new PrismaPg({ connectionString: target.url });
  return new PrismaPGlite(openPglite(target.dataDir));
}

type DbHandle = { client: Db; adapterFactory: SqlMigrationAwareDriverAdapterFactory; target: DatabaseTarget };

// Kept on globalThis so Next's dev reloads and Vitest's module isolation reuse one connection
// (and, for PGlite, one process-wide handle on the data directory).
const globalForDb = globalThis as typeof globalThis & { __agentforgeDb?: DbHandle };

function handle(): DbHandle {
  if (!globalForDb.__agentforgeDb) {
    const target = resolveDatabaseTarget();
    const adapterFactory = createAdapterFactory(target);
    globalForDb.__agentforgeDb = { client: new PrismaClient({ adapter: adapterFactory }), adapterFactory, target };
  }
  return globalForDb.__agentforgeDb;
}

/** The process-wide Prisma client. */
export function getDb(): Db {
  return handle().client;
}

/** The adapter factory behind `getDb()`, for running migrations on the same connection. */
export function getDbAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  return handle().adapterFactory;
}

export async function disconnectDb(): Promise<void> {
  const current = globalForDb.__agentforgeDb;
  if (!current) return;
  globalForDb.__agentforgeDb = undefined;
  await current.client.$disconnect();
}
