// Round-trip cost of the database layer on the configured target: the floor under every service
// call. Run: `npm run bench:db` (embedded PGlite in memory) or with DATABASE_URL for PostgreSQL.
// Writes its rows into a throw-away organization and deletes it afterwards.
import { randomBytes } from "node:crypto";
import {
  disconnectDb,
  getDb,
  getDbAdapterFactory,
  resolveDatabaseTarget,
} from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";
import { measure, printRow } from "@/bench/stats";

async function main(): Promise<void> {
  const target = resolveDatabaseTarget();
  await applyMigrations(getDbAdapterFactory());
  const db = getDb();
  const slug = `bench-${randomBytes(4).toString("hex")}`;
  const org = await db.organization.create({ data: { name: slug, slug } });
  try {
    const type = await db.entityType.create({
      data: {
        organizationId: org.id,
        name: "Student",
        slug: "student",
        schema: { type: "object" },
      },
    });
    const entity = await db.entity.create({
      data: {
        organizationId: org.id,
        entityTypeId: type.id,
        data: { name: "Ada" },
        searchText: "ada",
      },
    });
    await db.entity.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        organizationId: org.id,
        entityTypeId: type.id,
        data: { name: `Student ${i}` },
        searchText: `student ${i}`,
      })),
    });

    console.log(
      `database: ${target.kind === "postgres" ? "PostgreSQL" : `PGlite (${target.dataDir})`}`,
    );
    printRow("SELECT 1", await measure(() => db.$queryRaw`SELECT 1`, 500));
    printRow(
      "entity by id",
      await measure(() => db.entity.findUnique({ where: { id: entity.id } }), 500),
    );
    printRow(
      "50 entities with their type (include)",
      await measure(
        () =>
          db.entity.findMany({
            where: { organizationId: org.id, entityTypeId: type.id },
            include: { entityType: true },
            orderBy: { createdAt: "desc" },
            take: 50,
          }),
        300,
      ),
    );
    printRow(
      "create entity",
      await measure(
        () =>
          db.entity.create({
            data: { organizationId: org.id, entityTypeId: type.id, data: { name: "x" } },
          }),
        300,
      ),
    );
  } finally {
    await db.organization.delete({ where: { id: org.id } });
    await disconnectDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
