import { defineConfig } from "@playwright/test";

// Browser tests against `next start` (a production build) in Debian's Chromium: Playwright's own
// browser downloads cannot work without network (STACK.md). Build first: `npm run test:e2e`.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // Migrations first, then the built app. Without DATABASE_URL the e2e run gets its own PGlite
    // directory, never the dev one (one process per data directory).
    command: `npx tsx scripts/db.ts deploy && npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      PGLITE_DIR: process.env.E2E_PGLITE_DIR ?? ".data/pglite-e2e",
    },
  },
});
