// Child process for server/db/embedded-durability.int.test.ts. Opens the embedded database the
// way the app does (PGLITE_DIR from the environment), then:
//   write <slug>  applies migrations, inserts an organization, prints "written", and waits to be
//                 killed (it never exits on its own);
//   read <slug>   prints the organization's name, or "missing".
import { getDb, getDbAdapterFactory } from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";

const [mode, slug] = process.argv.slice(2);
if (!slug) throw new Error("usage: embedded-writer.ts write|read <slug>");

if (mode === "write") {
  await applyMigrations(getDbAdapterFactory());
  await getDb().organization.create({ data: { name: `Durable ${slug}`, slug } });
  console.log("written");
  setInterval(() => undefined, 60_000);
} else {
  const org = await getDb().organization.findUnique({ where: { slug } });
  console.log(org ? org.name : "missing");
  await getDb().$disconnect();
  process.exit(0);
}
