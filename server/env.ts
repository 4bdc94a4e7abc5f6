import { z } from "zod";

// Every environment variable the app reads, validated once. Defaults make the embedded mode
// (no database server, no keys) work; `.env.example` documents each variable.
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Set by Next.js; `phase-production-build` while `next build` runs. */
  NEXT_PHASE: optionalString,
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  DATABASE_URL: optionalString,
  /** PGlite data directory (embedded mode); `memory://` keeps the database in memory (tests). */
  PGLITE_DIR: z.string().default(".data/pglite"),
  /** `local` forces local development auth; `clerk` requires Clerk keys. Default: clerk when keys exist. */
  AUTH_MODE: z.enum(["local", "clerk"]).optional(),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalString,
  CLERK_SECRET_KEY: optionalString,
  /** PEM public key to verify Clerk session tokens without network. */
  CLERK_JWT_KEY: optionalString,
  CLERK_WEBHOOK_SECRET: optionalString,
  /** Comma-separated origins allowed to present Clerk session tokens (azp), e.g. https://app.example.com */
  CLERK_AUTHORIZED_PARTIES: optionalString,
  /** Clerk's Backend API base URL; only to point at a test double (default: Clerk's own). */
  CLERK_API_URL: optionalString,
  /** Secret that signs local-auth session cookies; a fixed development value is used when absent. */
  LOCAL_AUTH_SECRET: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString,
  /** How long one chat turn may run before it is ended `timeout` (milliseconds). */
  AGENT_TURN_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** OTLP/HTTP base URL: each turn's spans are exported to `{endpoint}/v1/traces` when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  /** Headers for the OTLP endpoint, `key=value,key2=value2`. */
  OTEL_EXPORTER_OTLP_HEADERS: optionalString,
  OTEL_SERVICE_NAME: z.string().default("agentforge"),
  TOOL_EXECUTOR_URL: optionalString,
  TOOL_EXECUTOR_SECRET: optionalString,
  /**
   * Tests only: `1` lets notification webhooks reach loopback addresses (127/8, ::1), so a test
   * can receive them on a local server. Never set in production: every other private range
   * stays refused either way (docs/notifications.md).
   */
  NOTIFICATION_ALLOW_LOOPBACK: optionalString.pipe(z.enum(["0", "1"]).optional()),
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  /** `1` (or the dev server's URL): use the Inngest dev server (`npx inngest-cli@latest dev`). */
  INNGEST_DEV: optionalString,
  /** A self-hosted Inngest server's URL. */
  INNGEST_BASE_URL: optionalString,
  /**
   * Which runner runs jobs (docs/jobs.md): `auto` is Inngest when it is configured (an event key,
   * INNGEST_DEV or INNGEST_BASE_URL), else the in-process runner; `none` runs none here.
   */
  JOB_RUNNER: z.enum(["auto", "inngest", "local", "none"]).default("auto"),
  /** Log lines below this level are dropped; default `info` (`silent` under Vitest). */
  LOG_LEVEL: optionalString.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  ),
  RATE_LIMIT_KEY_PER_MINUTE: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_KEY_BURST: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_ORG_PER_MINUTE: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_ORG_BURST: z.coerce.number().int().positive().default(30),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process (read once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Tests only: `env()` answers with these variables changed until the returned function is
 * called. Call it before the file ends (afterEach/afterAll): the test files of one worker
 * share their modules (vitest `isolate: false`), and run one after another.
 */
export function overrideEnvForTests(overrides: Partial<Env>): () => void {
  const previous = env();
  cached = { ...previous, ...overrides };
  return () => {
    cached = previous;
  };
}
