import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { getDbAdapterFactory } from "@/server/db/client";
import { schemaDrift } from "@/server/db/schema-drift";
import { SCHEMA_PATH } from "@/server/db/schema-engine";
import { testDb, uid } from "@/test/db";

describe("migrations", () => {
  it("are recorded in Prisma's own history table", async () => {
    const rows = await testDb().$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.migration_name).toMatch(/^\d{14}_init$/);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("run scripts whole, so function bodies with semicolons survive", async () => {
    const adapter = await getDbAdapterFactory().connect();
    const name = `migration_probe_${uid("fn").replace(/-/g, "_")}`;
    await adapter.executeScript(`
      CREATE FUNCTION "${name}"(a integer) RETURNS integer AS $$
      DECLARE b integer;
      BEGIN
        b := a + 1;
        RETURN b * 2;
      END
      $$ LANGUAGE plpgsql;
      SELECT 1;`);
    const [row] = await testDb().$queryRawUnsafe<{ value: number }[]>(
      `SELECT "${name}"(20) AS value`,
    );
    expect(row?.value).toBe(42);
    await testDb().$executeRawUnsafe(`DROP FUNCTION "${name}"(integer)`);
  });
});

describe("schema drift check", () => {
  it("passes when schema.prisma matches the migrations and names what a changed schema lacks", async () => {
    expect(await schemaDrift()).toBe("");
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const changed = schema.replace(/(model Role \{\n)/, "$1  color String?\n");
    expect(changed).not.toBe(schema);
    const drift = await schemaDrift(changed);
    expect(drift).toContain('ALTER TABLE "roles" ADD COLUMN     "color" TEXT');
  }, 120_000);
});
