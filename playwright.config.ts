import { defineConfig } from "@playwright/test";
import { CLERK_PUBLISHABLE_KEY, clerkTestKeys } from "./e2e/clerk-keys";

// Browser tests against `next start` (a production build) in Debian's Chromium: Playwright's own
// browser downloads cannot work without network (docs/offline.md). Build first: `npm run test:e2e`.
// Two servers from one build: local development auth, and Clerk mode with session tokens minted
// from a test RSA key (verified offline through CLERK_JWT_KEY).
const localPort = Number(process.env.E2E_PORT ?? 3100);
const clerkPort = localPort + 1;
// `localhost`, not 127.0.0.1: Clerk's middleware rewrites each request to its own URL, which
// Next then proxies to `localhost:<port>`; the server must answer on that name.
const localURL = `http://localhost:${localPort}`;
// The fake Anthropic Messages API (test/fakes/anthropic.ts): agents chat against it.
const fakeModelPort = localPort + 10;
const fakeModel = {
  ANTHROPIC_API_KEY: "e2e-fake-model-key",
  ANTHROPIC_BASE_URL: `http://127.0.0.1:${fakeModelPort}`,
};
const clerkURL = `http://localhost:${clerkPort}`;

const chromium = {
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
};

function server(port: number, dataDir: string, env: Record<string, string>) {
  return {
    // Migrations first, then the built app. Without DATABASE_URL each server gets its own PGlite
    // directory, never the dev one (one process per data directory).
    command: `npx tsx scripts/db.ts deploy && npx next start -p ${port}`,
    url: `http://localhost:${port}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      CLERK_TELEMETRY_DISABLED: "1",
      PGLITE_DIR: dataDir,
      ...env,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure", launchOptions: chromium },
  projects: [
    { name: "local-auth", testMatch: /(shell|local-.*)\.spec\.ts/, use: { baseURL: localURL } },
    { name: "clerk-auth", testMatch: /clerk-.*\.spec\.ts/, use: { baseURL: clerkURL } },
  ],
  webServer: [
    {
      command: `npx tsx scripts/fake-anthropic.ts --port ${fakeModelPort}`,
      url: `http://127.0.0.1:${fakeModelPort}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    server(localPort, ".data/pglite-e2e-local", {
      AUTH_MODE: "local",
      LOCAL_AUTH_SECRET: "e2e-local-auth-secret",
      ...fakeModel,
    }),
    server(clerkPort, ".data/pglite-e2e-clerk", {
      // With PostgreSQL, the Clerk server gets its own database (two servers migrating one
      // database at once would race).
      ...(process.env.E2E_CLERK_DATABASE_URL && {
        DATABASE_URL: process.env.E2E_CLERK_DATABASE_URL,
      }),
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: "sk_test_e2e_not_a_real_key",
      CLERK_JWT_KEY: clerkTestKeys().publicKey,
      ...fakeModel,
    }),
  ],
});
