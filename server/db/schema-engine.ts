import { readFile, readdir, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";

// Migrations without network (docs/offline.md): Prisma's native schema engine cannot be downloaded
// here, so we drive the WebAssembly build of the same engine through a driver adapter. The files
// stay in Prisma's standard layout and history table, so `prisma migrate deploy` elsewhere sees
// the same state.

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

const NO_FILTERS: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineModule = typeof Engine;
let enginePromise: Promise<EngineModule> | undefined;

/**
 * Loads the engine's wasm by hand: the package imports its `.wasm` as an ES module, which Node 20
 * only allows behind --experimental-wasm-modules. Instantiating it ourselves works everywhere
 * (tsx, vitest, plain node).
 */
function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings =
      (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as EngineModule & {
        __wbg_set_wasm(exports: WebAssembly.Exports): void;
      };
    const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bindings,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return enginePromise;
}

async function readSchema(content?: string): Promise<Engine.SchemaContainer> {
  return { path: SCHEMA_PATH, content: content ?? (await readFile(SCHEMA_PATH, "utf8")) };
}

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<Engine.SchemaEngine> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readSchema();
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {
      // The engine's own log lines are tracing noise for our purposes.
    },
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

/** The migrations folder as the engine wants it: directory names (not paths) as migration names. */
export async function loadMigrations(): Promise<Engine.MigrationList> {
  let names: string[] = [];
  try {
    const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
    names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    names = [];
  }
  names.sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name): Promise<Engine.MigrationDirectory> => {
      const file = path.join(MIGRATIONS_DIR, name, "migration.sql");
      try {
        return {
          path: name,
          migrationFile: {
            path: "migration.sql",
            content: { tag: "ok", value: await readFile(file, "utf8") },
          },
        };
      } catch (error) {
        return {
          path: name,
          migrationFile: { path: "migration.sql", content: { tag: "error", value: String(error) } },
        };
      }
    }),
  );
  let lockContent: string | null = null;
  try {
    lockContent = await readFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8");
  } catch {
    lockContent = null;
  }
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies pending migrations; returns the names of those applied now. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const engine = await openSchemaEngine(adapterFactory);
  try {
    const result = await engine.applyMigrations({
      migrationsList: await loadMigrations(),
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that would bring a database built from the migrations to what schema.prisma describes.
 * Empty when they agree. The migrations are replayed on the adapter's shadow database.
 * `schemaContent` replaces the file's content (to check a schema before writing it).
 */
export async function diffMigrationsToSchema(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaContent?: string,
): Promise<string> {
  const migrations = await loadMigrations();
  // With no migration yet there is nothing to replay (and no lock file to name the connector).
  const from: Engine.DiffTarget =
    migrations.migrationDirectories.length === 0
      ? { tag: "empty" }
      : { tag: "migrations", ...migrations };
  const engine = await openSchemaEngine(adapterFactory);
  try {
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [await readSchema(schemaContent)] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = (result.stdout ?? "").trim();
    return /^-- This is an empty migration\.?$/.test(sql) ? "" : sql;
  } finally {
    engine.free();
  }
}

/** Writes a new migration folder `<timestamp>_<name>` with the SQL from the schema diff. */
export async function createMigration(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
): Promise<{ directory: string; sql: string } | null> {
  const sql = await diffMigrationsToSchema(adapterFactory);
  if (sql === "") return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const safeName =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "") || "migration";
  const directory = path.join(MIGRATIONS_DIR, `${stamp}_${safeName}`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, "migration.sql"), `${sql}\n`);
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  await writeFile(
    lockPath,
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return { directory, sql };
}
