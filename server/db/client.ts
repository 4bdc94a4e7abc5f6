import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { lockDataDir } from "@/server/db/pglite-lock";
import { env } from "@/server/env";

// One Prisma client per process: PostgreSQL through adapter-pg when DATABASE_URL is set,
// otherwise the embedded PGlite database (docs/offline.md). PGlite allows one process per data
// directory, so tests use `memory://` (see vitest.config.ts), never the dev directory.

export type Db = PrismaClient;

/** A Prisma client or an open transaction: helpers that write inside a caller's transaction. */
export type DbClient = Db | Prisma.TransactionClient;

export type DatabaseTarget =
  { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

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
  lockDataDir(absolute);
  return new PGlite(absolute);
}

/**
 * adapter-pg runs a migration script by splitting it on every `;`, which breaks function bodies
 * and string literals. PostgreSQL's simple query protocol runs a whole multi-statement script in
 * one round trip, so scripts are sent that way instead.
 */
function withWholeScripts(adapter: SqlDriverAdapter, url: string): SqlDriverAdapter {
  const executeScript = async (script: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(script);
    } finally {
      await client.end();
    }
  };
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "executeScript") return executeScript;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Prepared statements named by their text: a connection parses a query shape once and then only
 * binds and executes it. Prisma's queries are parameterized, so shapes repeat; a long scoped
 * query (policies compile to many conditions) was paying its parse on every call. Cached per
 * connection by node-postgres under this name. Plans stay custom (see `connectionOptions`).
 */
/**
 * A generic plan of a prepared statement sees JSON paths as parameters, so it cannot use an
 * expression index on a path (`data #> '{userId}'`) and falls back to scanning: every execution
 * is planned with its values instead.
 */
const CONNECTION_OPTIONS = "-c plan_cache_mode=force_custom_plan";

function statementName(query: SqlQuery): string {
  const hash = createHash("sha256").update(query.sql).update("\u0000");
  return `p${hash
    .update(
      query.argTypes.map((type) => `${type.scalarType}:${type.dbType ?? ""}:${type.arity}`).join(),
    )
    .digest("base64url")
    .slice(0, 40)}`;
}

class PostgresAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName: string;
  private readonly inner: PrismaPg;

  constructor(private readonly url: string) {
    this.inner = new PrismaPg(
      // Connections are renewed every 10 minutes: that bounds the prepared statements each keeps.
      { connectionString: url, maxLifetimeSeconds: 600, options: CONNECTION_OPTIONS },
      { statementNameGenerator: statementName },
    );
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return withWholeScripts(await this.inner.connect(), this.url);
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    // adapter-pg's shadow database keeps the connection string's database name and so would
    // replay migrations on the real database: shadow work runs on in-memory PGlite instead.
    return new PrismaPGlite(new PGlite("memory://")).connectToShadowDb();
  }
}

/** A driver adapter factory for the target; also what the schema engine migrates through. */
export function createAdapterFactory(
  target: DatabaseTarget,
): SqlMigrationAwareDriverAdapterFactory {
  return openTarget(target).adapterFactory;
}

type OpenTarget = { adapterFactory: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> };

function openTarget(target: DatabaseTarget): OpenTarget {
  if (target.kind === "postgres") {
    return { adapterFactory: new PostgresAdapterFactory(target.url), close: async () => undefined };
  }
  const pglite = openPglite(target.dataDir);
  return { adapterFactory: new PrismaPGlite(pglite), close: () => pglite.close() };
}

type DbHandle = OpenTarget & { client: Db; target: DatabaseTarget };

// Kept on globalThis so Next's dev reloads and Vitest's module isolation reuse one connection
// (and, for PGlite, one process-wide handle on the data directory).
const globalForDb = globalThis as typeof globalThis & { __agentforgeDb?: DbHandle };

function handle(): DbHandle {
  if (!globalForDb.__agentforgeDb) {
    const target = resolveDatabaseTarget();
    const opened = openTarget(target);
    globalForDb.__agentforgeDb = {
      ...opened,
      // Minimal errors: the other formats capture a stack trace on every query (an Error made
      // per call, to point a message at the calling line), a cost each statement paid for
      // messages that only ever reach the log.
      client: new PrismaClient({ adapter: opened.adapterFactory, errorFormat: "minimal" }),
      target,
    };
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
  // PGlite flushes and shuts its embedded server down cleanly.
  await current.close();
}
