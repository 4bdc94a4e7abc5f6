// `npm run test:e2e [-- playwright args]`: a production build whose client bundle knows the test
// Clerk publishable key (NEXT_PUBLIC_* values are inlined at build time), then Playwright.
// The same build serves the local-auth server too: AUTH_MODE=local wins at run time.
import { spawnSync } from "node:child_process";
import { CLERK_PUBLISHABLE_KEY } from "@/e2e/clerk-keys";

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npx", ["next", "build"], {
  ...process.env,
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY,
});
run("npx", ["playwright", "test", ...process.argv.slice(2)]);
