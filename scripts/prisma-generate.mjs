// Runs `prisma generate` without network access.
// The Prisma CLI checks for the native schema engine at start-up and would download it, although
// `generate` never uses it (docs/offline.md). Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// skips that download; migrations use the WebAssembly engine instead (scripts/db.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("prisma/schema.prisma")) {
  console.log("prisma-generate: no prisma/schema.prisma yet, skipping");
  process.exit(0);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
