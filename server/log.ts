import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { actorRef, type Actor } from "@/server/auth/actor";
import { env } from "@/server/env";

// The one structured logger: JSON lines (pino) on stdout. Every line carries the context of the
// request it belongs to (request id, organization, actor), taken from the request's scope when
// the line is written, so code deep in a service or the agent runtime logs with it too. Secrets
// never reach a line: credential fields are censored by path, and key and token shapes are
// scrubbed from the whole serialized line (messages, stacks, nested values).

export type { Logger };

export type LogLevel = Level | "silent";

export type LogContext = {
  requestId?: string;
  orgId?: string | null;
  actorType?: string;
  actorId?: string | null;
};

const REDACTED = "[REDACTED]";

/** Fields that hold credentials wherever they are logged (one level deep, or under headers). */
export const REDACT_PATHS = [
  "authorization",
  "cookie",
  "apiKey",
  "secret",
  "token",
  "password",
  "*.authorization",
  "*.cookie",
  "*.apiKey",
  "*.secret",
  "*.token",
  "*.password",
  'headers["x-api-key"]',
  'headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.cookie",
  '*.headers["x-api-key"]',
  '*.headers["set-cookie"]',
];

// Key and token shapes, scrubbed from the serialized line. The replacements keep the JSON valid:
// the patterns stop at quotes and backslashes.
const SECRET_SHAPES: [RegExp, string][] = [
  [/\baf_(live|test)_[A-Za-z0-9_-]+/g, `af_$1_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[^\s"'\\,;]+/gi, `$1 ${REDACTED}`],
  [/\bsk-ant-[A-Za-z0-9_-]+/g, `sk-ant-${REDACTED}`],
  [/\bsk_(live|test)_[A-Za-z0-9]+/g, `sk_$1_${REDACTED}`],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, `whsec_${REDACTED}`],
  [/\b(af_session|__session|__client_uat)=[^\s;"'\\,]+/g, `$1=${REDACTED}`],
];

/** The text with API keys, bearer tokens and session cookies replaced by a marker. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_SHAPES)
    scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

export type LoggerOptions = {
  level?: LogLevel;
  /** Where lines go (stdout by default); tests pass a stream to read them back. */
  destination?: DestinationStream;
};

function defaultLevel(): LogLevel {
  const configured = env().LOG_LEVEL;
  if (configured) return configured;
  // Tests stay quiet unless they ask (LOG_LEVEL, or a logger of their own).
  return process.env.VITEST ? "silent" : "info";
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const target = options.destination ?? pino.destination({ dest: 1, sync: true });
  const scrubbing: DestinationStream = { write: (line) => target.write(scrubSecrets(line)) };
  return pino(
    {
      level: options.level ?? defaultLevel(),
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    scrubbing,
  );
}

let root: Logger | undefined;

function rootLogger(): Logger {
  root ??= createLogger();
  return root;
}

/** Replaces the process's logger (tests capture lines this way); undefined restores the default. */
export function setRootLogger(logger: Logger | undefined): void {
  root = logger;
}

const scope = new AsyncLocalStorage<LogContext>();

function defined(context: LogContext): LogContext {
  return Object.fromEntries(
    Object.entries(context).filter(([, value]) => value !== undefined && value !== null),
  );
}

/** Runs `fn` in a log scope: every line written inside it, however deep, carries `context`. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return scope.run({ ...scope.getStore(), ...defined(context) }, fn);
}

/** Adds to the current scope what became known later (the organization, the actor). */
export function addLogContext(context: LogContext): void {
  const store = scope.getStore();
  if (store) Object.assign(store, defined(context));
}

export function actorLogContext(actor: Actor): LogContext {
  const { actorType, actorId } = actorRef(actor);
  return { orgId: actor.orgId, actorType, actorId };
}

/** The current scope's context (empty outside a request). */
export function logContext(): LogContext {
  return { ...scope.getStore() };
}

/** A child logger bound to the current scope's context and `bindings`. */
export function log(bindings: Record<string, unknown> = {}): Logger {
  return rootLogger().child({ ...scope.getStore(), ...defined(bindings) });
}
