import { startFakeAnthropic } from "@/test/fakes/anthropic";

// The fake Anthropic Messages API (test/fakes/anthropic.ts) as a standalone process, answering
// with its default responder (markers in the user's text: `[tool:NAME {json}]`, `[slow]`,
// `[error:529]`, ...; see test/fakes/anthropic-responder.ts). For browser tests: point the app
// at it with ANTHROPIC_BASE_URL=http://127.0.0.1:<port> and any ANTHROPIC_API_KEY; Playwright
// waits on GET /health.
//
//   npx tsx scripts/fake-anthropic.ts --port 4010     (or FAKE_ANTHROPIC_PORT=4010; 0: any port)

function portArgument(argv: string[]): string | undefined {
  const index = argv.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
  if (index < 0) return undefined;
  const arg = argv[index] ?? "";
  return arg.includes("=") ? arg.slice("--port=".length) : argv[index + 1];
}

const raw = portArgument(process.argv.slice(2)) ?? process.env.FAKE_ANTHROPIC_PORT ?? "4010";
const port = Number(raw);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fake-anthropic: invalid port ${JSON.stringify(raw)}`);
  process.exit(2);
}

const fake = await startFakeAnthropic({ port });
console.log(`fake-anthropic listening on ${fake.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
