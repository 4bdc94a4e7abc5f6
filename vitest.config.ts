import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests (`*.test.ts`) and integration tests (`*.int.test.ts`) in one run. Integration tests
// use PostgreSQL when DATABASE_URL is set, otherwise an in-memory PGlite database per worker
// process (never the dev data directory).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "generated/**", ".data/**"],
    pool: "forks",
    // Worker processes keep their modules between files, so each keeps one database (with
    // migrations applied once) for all its files; factories make rows with unique keys.
    isolate: false,
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // No model key: tests point the SDK at the loopback fake themselves (test/chat.ts).
    env: { NODE_ENV: "test", PGLITE_DIR: "memory://", ANTHROPIC_API_KEY: "" },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
