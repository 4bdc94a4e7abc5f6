// Database commands that work without network (see server/db/schema-engine.ts):
//   tsx scripts/db.ts deploy               apply pending migrations to the configured database
//   tsx scripts/db.ts migrate --name x     write a new migration from the schema diff, then apply it
//   tsx scripts/db.ts check                fail when schema.prisma and the migrations disagree
import {
  createAdapterFactory,
  disconnectDb,
  getDbAdapterFactory,
  resolveDatabaseTarget,
} from "@/server/db/client";
import { applyMigrations, createMigration } from "@/server/db/schema-engine";
import { schemaDrift } from "@/server/db/schema-drift";

function describeTarget(): string {
  const target = resolveDatabaseTarget();
  return target.kind === "postgres"
    ? "PostgreSQL (DATABASE_URL)"
    : `embedded PGlite (${target.dataDir})`;
}

async function deploy(): Promise<void> {
  const applied = await applyMigrations(getDbAdapterFactory());
  console.log(
    applied.length === 0
      ? `db: ${describeTarget()} is up to date`
      : `db: applied ${applied.length} migration(s) to ${describeTarget()}: ${applied.join(", ")}`,
  );
}

async function migrate(name: string | undefined): Promise<void> {
  if (!name) throw new Error("usage: npm run db:migrate -- --name <migration-name>");
  // The diff replays the migrations on a throw-away in-memory database, whatever the target.
  const created = await createMigration(
    createAdapterFactory({ kind: "pglite", dataDir: "memory://" }),
    name,
  );
  if (!created) {
    console.log("db: schema.prisma matches the migrations; no migration written");
  } else {
    console.log(`db: wrote ${created.directory}/migration.sql`);
  }
  await deploy();
}

async function check(): Promise<void> {
  const drift = await schemaDrift();
  if (drift) {
    console.error(
      "db: schema.prisma and prisma/migrations disagree. SQL the migrations lack:\n" + drift,
    );
    console.error("Run `npm run db:migrate -- --name <name>` to write a migration.");
    process.exitCode = 1;
    return;
  }
  console.log("db: schema.prisma and prisma/migrations agree");
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const nameIndex = rest.indexOf("--name");
  const name = nameIndex >= 0 ? rest[nameIndex + 1] : undefined;
  if (command === "deploy") return deploy();
  if (command === "migrate") return migrate(name);
  if (command === "check") return check();
  throw new Error("usage: tsx scripts/db.ts deploy | migrate --name <name> | check");
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await disconnectDb();
    // The schema engine's wasm runtime can keep timers alive; the command is done.
    process.exit();
  });
