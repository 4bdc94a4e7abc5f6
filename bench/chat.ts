// The public chat API under load, end to end over loopback HTTP: `next start` (an existing
// production build) on PostgreSQL, the model being the fake Messages API answering at once
// (test/fakes/anthropic.ts, in this process), clients streaming `POST /v1/agents/{slug}/chat`
// with an API key. Two scenarios, (a) a text reply and (b) one tool round (entity.query over 50
// records, then a text reply), each at 1 and 32 concurrent clients for 30 s, then paced at
// 300 turns/s over the 32 clients. Prints, never asserts:
//
//   DATABASE_URL=postgresql://... npm run bench:chat      (after `npm run build`)
//   env: BENCH_SECONDS (30) BENCH_WARMUP_SECONDS (3) BENCH_CONCURRENCY (1,32) BENCH_RATE (300;
//   0: no paced phase) BENCH_SCENARIOS (text,tool) BENCH_THREAD_TURNS (20)
//   BENCH_STARTUP_TIMEOUT_MS (60000) BENCH_PORT (a free one) BENCH_PRINT_SQL (1: list the SQL)
//   BENCH_SERVER_NODE_ARGS (extra node arguments for the server, e.g. --cpu-prof)
//
// It builds nothing: without `.next/BUILD_ID` it says how to build and stops (a build older than
// the source measures the older code). It applies pending migrations, seeds a throw-away
// organization through the services (an owner, 50 records of type `student`, the `agent` role
// allowed to list them, an agent without tools and one with entity.query, an af_test_ key),
// starts the server with ANTHROPIC_BASE_URL at the fake, AUTH_MODE=local, a random
// LOCAL_AUTH_SECRET and rate limits no run can reach (the limiter's SQL still runs on every
// request, as in production), its log in a temporary directory; at the end, or on an error or
// Ctrl-C, it stops the server (its process group, SIGKILL after 5 s and on exit) and deletes
// the organization, its user and its rate-limit buckets.
//
// What is measured, per turn, all on one clock (`performance.timeOrigin + performance.now()`
// in this process, where both the clients and the fake run):
// - wall time: from before the client writes its request until its response ended (after
//   `data: [DONE]`); clients are node:http with keep-alive (one socket per client), each on its
//   own thread (`externalThreadId`, a new one every BENCH_THREAD_TURNS turns: one turn runs per
//   thread at a time, and the history stays that of a short conversation).
// - model time: the fake times every Messages API request from its arrival (headers) to its
//   answer's last byte handed to the socket. The turn's requests are found by a tag in the
//   user's message (`[bench:<scenario>:<turn>]`), which the platform sends with every model call
//   of the turn; the calls of a turn are sequential, so their sum is the time the platform
//   waited on the model. A timed fetch inside the server (as bench/turn.ts does) cannot be
//   reached from here, and request order is no key across 32 concurrent turns.
// - platform overhead = wall time - model time: HTTP in and out of Next, the key, the rate
//   limiter, the database, the SDK's client, the stream's rendering, both loopback hops, and
//   the client's own reading. The fake's CPU time is not in it, but it runs on the same two
//   cores as the server, PostgreSQL and the clients, which all compete.
// - delta delay: the fake stamps each text_delta just before writing it, the client stamps each
//   text-delta part when its bytes arrive; the i-th of one turn's pairs with the i-th.
// - the floor: in this process, one turn through the same route handlers (`publicChatRoutes`,
//   the same services and fake, a warm thread) with node-postgres recorded (bench/sql-replay.ts):
//   its statements, grouped by connection into transactions, replayed with `pg` at the same
//   concurrency (and pacing) through a pool of 10 (the size of the server's adapter-pg pool),
//   named statements as Prisma prepares them, fresh ids per replay, each client on its own
//   thread. Floor time = the replay's wall time; "x floor" = overhead p50 / floor p50.
// - next start alone: before the scenarios, keyless POST /v1/chat at each client count, which
//   the /v1 frame refuses 401 before any SQL: what Next's own handling of a request costs here.
// - CPU per turn (bench/cpu-usage.ts, from /proc): the server's process group, PostgreSQL's
//   processes and this process (clients and fake), over each phase, divided by its turns. The
//   machine's speed drifts from run to run (the same code's figures vary by half); the shares of
//   one run do not, so compare those. The targets end with two lines built from these: the most
//   turns/s Next's bare answer and the SQL alone leave room for, and the CPU a turn may take at
//   300 turns/s beside what the SQL, the clients and Next's bare answer take of it.
//
// Closed loop and paced: 32 clients that send again as soon as they are answered keep 32 turns
// in flight, so the mean wall time is 32 / throughput (Little's law): at 300 turns/s that is
// 107 ms, whatever the platform does per turn; an overhead of 5 ms with an instant model would
// take 32 / 0.006 s = 5,300 turns/s. The closed loop measures the throughput the server
// sustains and its latency when saturated; the paced phase (each client sends on its own
// schedule, 300 turns/s in all; late starts are counted) measures the overhead at that load,
// which is what the targets ask of the platform. Targets, printed beside the figures for the
// text reply at 32 clients: overhead p50 <= 5 ms and p99 <= 25 ms, >= 300 turns/s, overhead
// <= 3x the floor, delta delay p50 <= 5 ms.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import pg from "pg";
import type { UserActor } from "@/server/auth/actor";
import type { RateLimits } from "@/server/auth/rate-limit";
import type { ChatDeps } from "@/server/agent/chat";
import { DEFAULT_RECORDER_TIMING } from "@/server/agent/turn-recorder";
import {
  disconnectDb,
  getDb,
  getDbAdapterFactory,
  resolveDatabaseTarget,
  type Db,
} from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";
import { publicChatRoutes } from "@/server/http/public-chat";
import { createAgent } from "@/server/services/agents";
import { createApiKey } from "@/server/services/api-keys";
import { addPolicy } from "@/server/services/role-policies";
import { createRole } from "@/server/services/roles";
import {
  startFakeAnthropic,
  text,
  toolUse,
  type FakeRequest,
  type FakeResponse,
} from "@/test/fakes/anthropic";
import {
  clock,
  createChatClient,
  percentiles,
  runLoad,
  waitUntilHealthy,
  type ChatClient,
  type LoadResult,
  type Percentiles,
} from "@/bench/chat-load";
import { cpuPerOperation, cpuSnapshot, describeCpu, type CpuPerOperation } from "@/bench/cpu-usage";
import {
  recordStatements,
  replay,
  replayable,
  statementCount,
  type Unit,
} from "@/bench/sql-replay";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
/** node-postgres' default pool size, which the server's adapter-pg pool keeps. */
const SERVER_POOL_SIZE = 10;
/** Rate limits no run reaches (the server's env and the in-process recording alike). */
const UNREACHABLE = 100_000_000;
const LIMITS: RateLimits = {
  key: { perMinute: UNREACHABLE, burst: UNREACHABLE },
  org: { perMinute: UNREACHABLE, burst: UNREACHABLE },
};
const MESSAGE = "Who are my students?";
const TEXT_REPLY = "Hello! How can I help you today?";
const TOOL_REPLY = "You have 50 students.";

const USAGE = `npm run bench:chat   (needs DATABASE_URL=postgresql://... and a production build)

The public chat API over loopback HTTP against \`next start\`, the model faked in this process.
Environment (defaults in brackets):
  BENCH_SECONDS             seconds per measured phase [30]
  BENCH_WARMUP_SECONDS      unmeasured seconds before each phase [3, at most BENCH_SECONDS]
  BENCH_CONCURRENCY         closed-loop client counts, comma-separated [1,32]
  BENCH_RATE                paced phase: turns/s over the largest client count; 0: none [300]
  BENCH_SCENARIOS           text, tool or both [text,tool]
  BENCH_THREAD_TURNS        turns per conversation before a client starts a new one [20]
  BENCH_STARTUP_TIMEOUT_MS  how long the server may take to answer /health [60000]
  BENCH_PORT                the server's port [a free one]
  BENCH_PRINT_SQL           1: print the statements of the recorded turn
  BENCH_SERVER_NODE_ARGS    extra arguments for the server's node, e.g.
                            "--cpu-prof --cpu-prof-dir=/tmp/prof" (a profile of the server)`;

class UsageError extends Error {}

type ScenarioName = "text" | "tool";
type Config = {
  seconds: number;
  warmupSeconds: number;
  concurrencies: number[];
  rate: number;
  scenarios: ScenarioName[];
  threadTurns: number;
  startupTimeoutMs: number;
  port: number | null;
  printSql: boolean;
  /** Extra arguments for the server's node, e.g. --cpu-prof (NODE_OPTIONS refuses it). */
  serverNodeArgs: string[];
};

function numberFrom(
  source: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  check: { integer?: boolean; min: number; max: number },
): number {
  const raw = source[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    (check.integer && !Number.isInteger(value)) ||
    value < check.min ||
    value > check.max
  ) {
    throw new UsageError(
      `${name}=${JSON.stringify(raw)}: expected ${check.integer ? "an integer" : "a number"} from ${check.min} to ${check.max}`,
    );
  }
  return value;
}

function parseConfig(argv: string[], source: NodeJS.ProcessEnv): Config | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  if (argv.length > 0) throw new UsageError(`unknown argument ${JSON.stringify(argv[0])}`);
  const seconds = numberFrom(source, "BENCH_SECONDS", 30, { min: 0.1, max: 3600 });
  const warmupSeconds = Math.min(
    seconds,
    numberFrom(source, "BENCH_WARMUP_SECONDS", 3, { min: 0, max: 600 }),
  );
  const rawConcurrency = source.BENCH_CONCURRENCY?.trim() || "1,32";
  const concurrencies = rawConcurrency.split(",").map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1 || value > 1024)
      throw new UsageError(
        `BENCH_CONCURRENCY=${JSON.stringify(rawConcurrency)}: expected client counts from 1 to 1024, e.g. 1,32`,
      );
    return value;
  });
  const rawScenarios = source.BENCH_SCENARIOS?.trim() || "text,tool";
  const scenarios = [...new Set(rawScenarios.split(",").map((part) => part.trim()))];
  for (const name of scenarios) {
    if (name !== "text" && name !== "tool")
      throw new UsageError(
        `BENCH_SCENARIOS=${JSON.stringify(rawScenarios)}: expected text, tool or text,tool`,
      );
  }
  const port = numberFrom(source, "BENCH_PORT", 0, { integer: true, min: 0, max: 65535 });
  return {
    seconds,
    warmupSeconds,
    concurrencies: [...new Set(concurrencies)],
    rate: numberFrom(source, "BENCH_RATE", 300, { min: 0, max: 100_000 }),
    scenarios: scenarios as ScenarioName[],
    threadTurns: numberFrom(source, "BENCH_THREAD_TURNS", 20, { integer: true, min: 1, max: 50 }),
    startupTimeoutMs: numberFrom(source, "BENCH_STARTUP_TIMEOUT_MS", 60_000, {
      integer: true,
      min: 1_000,
      max: 600_000,
    }),
    port: port === 0 ? null : port,
    printSql: Boolean(source.BENCH_PRINT_SQL && source.BENCH_PRINT_SQL !== "0"),
    serverNodeArgs: (source.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean),
  };
}

// ---------------------------------------------------------------------------------------------
// The fake model: answers by the scenario tagged in the user's message, times every request.

const TAG = /\[bench:(text|tool):([\w.-]+)\]/;

type Block = { type?: string; text?: string };

/** The tag of the turn: in the latest user message with text (the one the turn answers). */
function tagOf(messages: unknown): { scenario: ScenarioName; id: string } | null {
  if (!Array.isArray(messages)) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: string; content?: unknown };
    if (message.role !== "user") continue;
    const texts =
      typeof message.content === "string"
        ? [message.content]
        : Array.isArray(message.content)
          ? (message.content as Block[]).flatMap((b) => (b.type === "text" ? [b.text ?? ""] : []))
          : [];
    if (texts.length === 0) continue;
    const match = TAG.exec(texts.join("\n"));
    return match ? { scenario: match[1] as ScenarioName, id: match[2]! } : null;
  }
  return null;
}

function respond(request: FakeRequest): FakeResponse {
  const messages = request.body?.messages ?? [];
  if (tagOf(messages)?.scenario !== "tool") return text(TEXT_REPLY);
  const last = messages.at(-1)?.content;
  const answered = Array.isArray(last) && last.some((block) => block.type === "tool_result");
  return answered
    ? text(TOOL_REPLY)
    : toolUse([{ name: "entity_query", input: { type: "student", limit: 20 } }]);
}

type ModelShare = { ms: number; calls: number; deltaAt: number[] };
const modelShares = new Map<string, ModelShare>();

function onAnswered(request: FakeRequest): void {
  const tag = tagOf(request.body?.messages);
  if (!tag) return;
  let share = modelShares.get(tag.id);
  if (!share) modelShares.set(tag.id, (share = { ms: 0, calls: 0, deltaAt: [] }));
  share.ms += (request.timing.endedAt ?? clock()) - request.timing.arrivedAt;
  share.calls++;
  share.deltaAt.push(...request.timing.textDeltaAt);
}

/** The model's share of a turn once its calls were all answered (the fake's close may lag). */
async function modelShareOf(id: string, calls: number): Promise<ModelShare> {
  for (let i = 0; i < 100; i++) {
    const share = modelShares.get(id);
    if (share && share.calls >= calls) {
      modelShares.delete(id);
      return share;
    }
    await new Promise((resolve) => setTimeout(resolve, i < 10 ? 0 : 2));
  }
  throw new Error(`the fake answered ${modelShares.get(id)?.calls ?? 0} of ${calls} model calls`);
}

// ---------------------------------------------------------------------------------------------
// The server.

type Server = {
  url: string;
  child: ChildProcess;
  logPath: string;
  exited: Promise<void>;
  exitedWith: () => string | null;
};

let liveChild: ChildProcess | null = null;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(config: Config, fakeUrl: string, logDir: string): Promise<Server> {
  const port = config.port ?? (await freePort());
  const logPath = path.join(logDir, "next-start.log");
  const log = openSync(logPath, "a");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_MODE: "local",
    LOCAL_AUTH_SECRET: randomBytes(32).toString("hex"),
    ANTHROPIC_API_KEY: "bench-fake-model-key",
    ANTHROPIC_BASE_URL: fakeUrl,
    RATE_LIMIT_KEY_PER_MINUTE: String(UNREACHABLE),
    RATE_LIMIT_KEY_BURST: String(UNREACHABLE),
    RATE_LIMIT_ORG_PER_MINUTE: String(UNREACHABLE),
    RATE_LIMIT_ORG_BURST: String(UNREACHABLE),
    // The turn is measured alone: a local job runner would start the hour's cleanup of every
    // organization of the database (a burst of jobs) while the bench runs.
    JOB_RUNNER: "none",
  };
  // Nothing leaves the machine: no trace export.
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const child = spawn(
    process.execPath,
    [...config.serverNodeArgs, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    { cwd: ROOT, env, stdio: ["ignore", log, log], detached: true },
  );
  closeSync(log);
  liveChild = child;
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = signal ? `signal ${signal}` : `code ${code}`;
      if (liveChild === child) liveChild = null;
      resolve();
    });
    child.once("error", (error) => {
      exit = `spawn failed: ${error.message}`;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return { url, child, logPath, exited, exitedWith: () => exit };
}

async function stopServer(server: Server): Promise<void> {
  if (server.exitedWith() !== null) return;
  killGroup(server.child, "SIGTERM");
  const timer = setTimeout(() => killGroup(server.child, "SIGKILL"), 5_000);
  await server.exited;
  clearTimeout(timer);
}

function logTail(logPath: string, lines = 30): string {
  try {
    return readFileSync(logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding and cleaning.

type Seed = {
  orgId: string;
  userId: string;
  apiKey: string;
  agents: Record<ScenarioName, { id: string; slug: string }>;
  /** Ids of every row the organization had before the turns: kept as they are by replays. */
  keep: Set<string>;
};

async function seed(db: Db, cleanups: (() => Promise<unknown>)[]): Promise<Seed> {
  const suffix = randomBytes(4).toString("hex");
  const org = await db.organization.create({
    data: { name: `bench chat ${suffix}`, slug: `bench-chat-${suffix}` },
  });
  const user = await db.user.create({
    data: { email: `owner-${suffix}@bench.test`, name: "bench owner" },
  });
  cleanups.push(async () => {
    await db.organization.delete({ where: { id: org.id } });
    await db.user.delete({ where: { id: user.id } });
  });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: "owner" } });
  const actor: UserActor = { type: "user", userId: user.id, orgId: org.id, orgRole: "owner" };
  const ctx = { db, actor };
  const type = await db.entityType.create({
    data: { organizationId: org.id, name: "student", slug: "student", schema: { type: "object" } },
  });
  await db.entity.createMany({
    data: Array.from({ length: 50 }, (_, i) => ({
      organizationId: org.id,
      entityTypeId: type.id,
      data: { name: `Student ${i}`, grade: i % 12 },
      searchText: `Student ${i}`,
    })),
  });
  // On the public API the agent acts with the organization's `agent` role.
  const role = await createRole(ctx, { name: "agent" });
  await addPolicy(ctx, { roleId: role.id, resource: "student", action: "list", effect: "allow" });
  const agent = (name: string, tools: { isBuiltin: true; name: "entity.query" }[]) =>
    createAgent(ctx, {
      name,
      config: {
        name,
        systemPrompt: "You are a helpful front-desk assistant for a tutoring school.",
        model: { provider: "anthropic", name: "claude-sonnet-5-5" },
        tools,
      },
    });
  const textAgent = await agent("bench text", []);
  const toolAgent = await agent("bench tool", [{ isBuiltin: true, name: "entity.query" }]);
  const { key, apiKey } = await createApiKey(ctx, {
    name: "bench",
    environment: "development",
    permissions: ["chat"],
  });
  cleanups.push(() =>
    db.rateLimitBucket.deleteMany({
      where: { key: { in: [`apiKey:${apiKey.id}`, `org:${org.id}`] } },
    }),
  );
  const where = { organizationId: org.id };
  const ids = await Promise.all([
    db.entity.findMany({ where, select: { id: true } }),
    db.agentConfig.findMany({ where, select: { id: true } }),
    db.policy.findMany({ where, select: { id: true } }),
  ]);
  const keep = new Set([
    org.id,
    user.id,
    type.id,
    role.id,
    textAgent.id,
    toolAgent.id,
    apiKey.id,
    ...ids.flat().map((row) => row.id),
  ]);
  return {
    orgId: org.id,
    userId: user.id,
    apiKey: key,
    agents: {
      text: { id: textAgent.id, slug: textAgent.slug },
      tool: { id: toolAgent.id, slug: toolAgent.slug },
    },
    keep,
  };
}

// ---------------------------------------------------------------------------------------------
// Phases.

type TurnSample = { wall: number; model: number; overhead: number; delays: number[] };

type Measured = { concurrency: number; rate: number | null; cpu: CpuPerOperation | null };
type HttpRun = LoadResult<TurnSample> & Measured;
type FloorRun = LoadResult<number> & Measured;

type Scenario = {
  name: ScenarioName;
  title: string;
  agent: { id: string; slug: string };
  /** Model calls per turn. */
  calls: number;
};

let phaseCounter = 0;

type Load = { concurrency: number; rate: number | null; seconds: number; signal: AbortSignal };

async function httpPhase(
  client: ChatClient,
  server: Server,
  seed: Seed,
  scenario: Scenario,
  config: Config,
  load: Load,
): Promise<HttpRun> {
  const phase = `p${++phaseCounter}`;
  const cpuBefore = cpuSnapshot(server.child.pid);
  const perWorker = new Array<number>(load.concurrency).fill(0);
  let deltaMismatches = 0;
  const result = await runLoad(
    { ...load, rate: load.rate ?? undefined },
    async (worker, index): Promise<TurnSample> => {
      const id = `${phase}.${index}`;
      const conversation = Math.floor(perWorker[worker]!++ / config.threadTurns);
      const turn = await client.stream(
        `/v1/agents/${scenario.agent.slug}/chat`,
        { authorization: `Bearer ${seed.apiKey}` },
        {
          message: `${MESSAGE} [bench:${scenario.name}:${id}]`,
          externalThreadId: `bench-${phase}-${worker}-${conversation}`,
          stream: true,
        },
      );
      if (turn.errorText) throw new Error(turn.errorText);
      if (!turn.finished || !turn.done) throw new Error("the stream ended without finish");
      if (scenario.name === "tool" && turn.toolOutputs !== 1)
        throw new Error(`${turn.toolOutputs} tool results instead of 1`);
      const share = await modelShareOf(id, scenario.calls);
      const wall = turn.endedAt - turn.startedAt;
      const delays: number[] = [];
      if (share.deltaAt.length === turn.deltaAt.length)
        for (const [i, at] of turn.deltaAt.entries()) delays.push(at - share.deltaAt[i]!);
      else deltaMismatches++;
      return { wall, model: share.ms, overhead: wall - share.ms, delays };
    },
  );
  modelShares.clear();
  if (deltaMismatches > 0)
    console.log(`  (${deltaMismatches} turns had another number of deltas than the model wrote)`);
  const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(server.child.pid), result.results.length);
  return { ...result, concurrency: load.concurrency, rate: load.rate, cpu };
}

type CeilingRun = LoadResult<number> & { concurrency: number; cpu: CpuPerOperation | null };

/**
 * What `next start` alone can answer: a keyless POST /v1/chat, refused 401 by the /v1 frame
 * before any SQL (Next's routing, the request and response objects, a JSON error). A turn costs
 * at least this plus its SQL, so the two give the machine's ceiling for any turn.
 */
async function ceilingPhase(client: ChatClient, server: Server, load: Load): Promise<CeilingRun> {
  const cpuBefore = cpuSnapshot(server.child.pid);
  const result = await runLoad({ ...load, rate: undefined }, async () => {
    const start = clock();
    const status = await client.status("/v1/chat", {}, { message: MESSAGE });
    if (status !== 401) throw new Error(`a keyless chat was answered ${status}, not 401`);
    return clock() - start;
  });
  const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(server.child.pid), result.results.length);
  return { ...result, concurrency: load.concurrency, cpu };
}

type RecordedTurn = { units: Unit[]; threadId: string; externalId: string };

/** One turn through the route handlers in this process, its SQL recorded (a warm thread). */
async function recordTurn(
  db: Db,
  seed: Seed,
  scenario: Scenario,
  fakeUrl: string,
): Promise<RecordedTurn> {
  const anthropic = new Anthropic({ apiKey: "bench", baseURL: fakeUrl, maxRetries: 0 });
  const deps: ChatDeps = {
    model: { client: () => anthropic },
    turnTimeoutMs: 60_000,
    recorderTiming: DEFAULT_RECORDER_TIMING,
  };
  const routes = publicChatRoutes({ chat: () => deps, limits: LIMITS });
  const externalId = `bench-floor-${scenario.name}-recorded`;
  const slug = scenario.agent.slug;
  const send = async (n: number) => {
    const request = new Request(`http://127.0.0.1/v1/agents/${slug}/chat`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${seed.apiKey}`,
        "content-type": "application/json",
        accept: "text/event-stream",
      },
      body: JSON.stringify({
        message: `${MESSAGE} [bench:${scenario.name}:rec${n}]`,
        externalThreadId: externalId,
        stream: true,
      }),
    });
    const response = await routes.chatBySlug(request, { params: Promise.resolve({ slug }) });
    const body = await response.text();
    if (response.status !== 200 || !body.includes('"type":"finish"') || /"type":"error"/.test(body))
      throw new Error(`the recorded turn failed: HTTP ${response.status} ${body.slice(0, 300)}`);
  };
  for (let n = 0; n < 5; n++) await send(n);
  const units = await recordStatements(() => send(5));
  modelShares.clear();
  const thread = await db.thread.findFirstOrThrow({
    where: { organizationId: seed.orgId, externalId },
    select: { id: true },
  });
  return { units, threadId: thread.id, externalId };
}

async function floorPhase(
  db: Db,
  pool: pg.Pool,
  seed: Seed,
  scenario: Scenario,
  recorded: RecordedTurn,
  load: Load,
): Promise<FloorRun> {
  const phase = `f${++phaseCounter}`;
  // Each client replays on its own thread, as each HTTP client chats on its own.
  const next = await Promise.all(
    Array.from({ length: load.concurrency }, async (_, worker) => {
      const externalId = `bench-${phase}-${worker}`;
      const thread = await db.thread.create({
        data: { organizationId: seed.orgId, agentId: scenario.agent.id, externalId },
      });
      return replayable(
        recorded.units,
        seed.keep,
        new Map([
          [recorded.threadId, thread.id],
          [recorded.externalId, externalId],
        ]),
      );
    }),
  );
  const cpuBefore = cpuSnapshot(undefined);
  const result = await runLoad({ ...load, rate: load.rate ?? undefined }, async (worker) => {
    const units = next[worker]!();
    const start = clock();
    await replay(pool, units);
    return clock() - start;
  });
  const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(undefined), result.results.length);
  return { ...result, concurrency: load.concurrency, rate: load.rate, cpu };
}

// ---------------------------------------------------------------------------------------------
// Printing.

const f = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "-").padStart(8);

function row(label: string, p: Percentiles): void {
  console.log(
    `  ${label.padEnd(38)} p50 ${f(p.p50)} ms  p95 ${f(p.p95)} ms  p99 ${f(p.p99)} ms  (n=${p.n})`,
  );
}

const loadName = (run: { concurrency: number; rate: number | null }) =>
  run.rate
    ? `${run.concurrency} clients paced at ${run.rate} turns/s`
    : `${run.concurrency} concurrent client${run.concurrency === 1 ? "" : "s"}, closed loop`;

const perSecond = (run: LoadResult<unknown>) => run.results.length / (run.elapsedMs / 1000);

function problems(run: LoadResult<unknown>): string {
  const notes = [
    run.errors > 0 ? `${run.errors} failed, first: ${run.firstError}` : "",
    run.late > 0 ? `${run.late} started late` : "",
    run.stoppedEarly ? `stopped early: ${run.stoppedEarly}` : "",
  ].filter(Boolean);
  return notes.length ? ` (${notes.join("; ")})` : "";
}

type Figures = {
  http: HttpRun;
  floor: FloorRun | null;
  overhead: Percentiles;
  delay: Percentiles;
  ratio: number;
};

function printRun(title: string, http: HttpRun, floor: FloorRun | null): Figures {
  const samples = http.results;
  const wall = percentiles(samples.map((s) => s.wall));
  const overhead = percentiles(samples.map((s) => s.overhead));
  const delay = percentiles(samples.flatMap((s) => s.delays));
  console.log(`\n${title}, ${loadName(http)}`);
  console.log(
    `  ${samples.length} turns in ${(http.elapsedMs / 1000).toFixed(1)} s: ${perSecond(http).toFixed(1)} turns/s${problems(http)}`,
  );
  row("wall time", wall);
  row("model time (the fake)", percentiles(samples.map((s) => s.model)));
  row("platform overhead (wall - model)", overhead);
  row("delta delay (fake wrote -> client read)", delay);
  const cpu = describeCpu(http.cpu, "turn");
  if (cpu) console.log(`  ${cpu}`);
  if (!http.rate && samples.length > 0) {
    const inFlight = perSecond(http) * (wall.mean / 1000);
    console.log(
      `  in flight on average: ${inFlight.toFixed(1)} (Little's law: mean wall ${wall.mean.toFixed(1)} ms = clients / throughput)`,
    );
  }
  let ratio = NaN;
  if (floor) {
    const floorTimes = percentiles(floor.results);
    row("floor: the turn's SQL with pg", floorTimes);
    console.log(`    ${perSecond(floor).toFixed(1)} replays/s${problems(floor)}`);
    const floorCpu = describeCpu(floor.cpu, "replay");
    if (floorCpu) console.log(`    ${floorCpu}`);
    ratio = overhead.p50 / floorTimes.p50;
    console.log(`  overhead p50 / floor p50: ${ratio.toFixed(2)}x`);
  }
  return { http, floor, overhead, delay, ratio };
}

function printCeiling(run: CeilingRun): void {
  console.log(
    `\nnext start alone (keyless POST /v1/chat, 401 before any SQL), ${loadName({ ...run, rate: null })}`,
  );
  console.log(
    `  ${run.results.length} answers in ${(run.elapsedMs / 1000).toFixed(1)} s: ${perSecond(run).toFixed(1)} answers/s${problems(run)}`,
  );
  row("answer time", percentiles(run.results));
  const cpu = describeCpu(run.cpu, "answer");
  if (cpu) console.log(`  ${cpu}`);
}

function verdict(ok: boolean | null): string {
  return ok === null ? "" : ok ? "  meets" : "  MISSES";
}

function printTargets(
  closed: Figures | undefined,
  paced: Figures | undefined,
  ceiling: CeilingRun | undefined,
): void {
  const runs = [closed, paced].filter((run): run is Figures => run !== undefined);
  if (runs.length === 0) return;
  console.log(
    `\ntargets, text reply at ${runs[0]!.http.concurrency} clients (printed, not asserted):`,
  );
  const line = (target: string, value: (run: Figures) => number, ok: (v: number) => boolean) => {
    for (const run of runs) {
      const v = value(run);
      const label = run.http.rate ? `paced ${run.http.rate}/s` : "closed loop";
      console.log(
        `  ${target.padEnd(32)} ${label.padEnd(14)} ${f(v)}${verdict(Number.isFinite(v) ? ok(v) : null)}`,
      );
    }
  };
  line(
    "overhead p50 <= 5 ms",
    (r) => r.overhead.p50,
    (v) => v <= 5,
  );
  line(
    "overhead p99 <= 25 ms",
    (r) => r.overhead.p99,
    (v) => v <= 25,
  );
  line(
    "throughput >= 300 turns/s",
    (r) => perSecond(r.http),
    (v) => v >= 300,
  );
  line(
    "overhead <= 3x floor (p50)",
    (r) => r.ratio,
    (v) => v <= 3,
  );
  line(
    "delta delay p50 <= 5 ms",
    (r) => r.delay.p50,
    (v) => v <= 5,
  );
  if (paced) {
    console.log(
      "  (paced: the throughput is the rate asked for when the server keeps up; the closed loop's is what it sustains)",
    );
  }
  if (closed?.floor && ceiling && ceiling.results.length > 0) {
    // Both run on the same cores: a turn costs at least Next's answer and its SQL, one after the
    // other's share of the machine, whatever the rest of the turn costs.
    const next = perSecond(ceiling);
    const sql = perSecond(closed.floor);
    console.log(
      `  this machine's ceiling for any turn: next start alone ${next.toFixed(0)}/s and its SQL alone ` +
        `${sql.toFixed(0)}/s at ${ceiling.concurrency} clients, so at most ` +
        `${(1 / (1 / next + 1 / sql)).toFixed(0)} turns/s if the rest of a turn cost nothing`,
    );
  }
  const turnCpu = closed?.http.cpu;
  const floorCpu = closed?.floor?.cpu;
  if (turnCpu?.server != null && floorCpu && ceiling?.cpu?.server != null) {
    // The CPU the target leaves per turn, less what no platform code can avoid on this machine.
    const cores = os.cpus().length;
    const budget = (cores * 1000) / 300;
    const fixed = floorCpu.postgres + turnCpu.self + ceiling.cpu.server;
    console.log(
      `  CPU budget at 300 turns/s on ${cores} cores: ${budget.toFixed(2)} ms per turn; PostgreSQL ` +
        `running the turn's SQL ${floorCpu.postgres.toFixed(2)} ms (floor), the clients and the fake ` +
        `${turnCpu.self.toFixed(2)} ms, next start's bare answer ${ceiling.cpu.server.toFixed(2)} ms: ` +
        `${(budget - fixed).toFixed(2)} ms left for the rest of the server's turn, which takes ` +
        `${(turnCpu.server - ceiling.cpu.server).toFixed(2)} ms`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let config: Config | "help";
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench:chat: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (config === "help") {
    console.log(USAGE);
    return 0;
  }
  const target = resolveDatabaseTarget();
  if (target.kind !== "postgres") {
    console.error(
      "bench:chat needs PostgreSQL: DATABASE_URL=postgresql://user@host:5432/db npm run bench:chat",
    );
    return 1;
  }
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) {
    console.error(
      "bench:chat serves a production build and builds nothing itself: .next/BUILD_ID is missing.\n" +
        "Build first with `npm run build` (next build), then run `npm run bench:chat` again.",
    );
    return 1;
  }

  const interrupted = new AbortController();
  const onSignal = () => {
    if (interrupted.signal.aborted) {
      if (liveChild) killGroup(liveChild, "SIGKILL");
      process.exit(130);
    }
    console.error("\nstopping after the turns in flight (again: quit at once, leaving the data)");
    interrupted.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const built = statSync(buildId).mtime;
  console.log(
    `build ${readFileSync(buildId, "utf8").trim()} of ${built.toISOString()} (rebuild after changes: npm run build)`,
  );
  console.log(
    `PostgreSQL; ${config.seconds} s per phase after ${config.warmupSeconds} s of warm-up; ` +
      `clients ${config.concurrencies.join(", ")}${config.rate ? `, paced ${config.rate} turns/s` : ""}; ${os.cpus().length} cores`,
  );

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error("cleanup failed:", error);
      }
    }
  };
  let server: Server | null = null;
  try {
    await applyMigrations(getDbAdapterFactory());
    const db = getDb();
    cleanups.push(() => disconnectDb());
    const data = await seed(db, cleanups);

    const fake = await startFakeAnthropic({
      responder: respond,
      onAnswered(request) {
        // Nothing reads the recorded requests here: keep their memory bounded.
        if (fake.requests.length >= 1_000) fake.requests.length = 0;
        onAnswered(request);
      },
    });
    cleanups.push(() => fake.close());

    const logDir = mkdtempSync(path.join(os.tmpdir(), "bench-chat-"));
    server = await startServer(config, fake.url, logDir);
    const started = server;
    cleanups.push(async () => {
      await stopServer(started);
      if (process.exitCode === undefined || process.exitCode === 0)
        rmSync(logDir, { recursive: true, force: true });
      else console.error(`the server's log: ${started.logPath}`);
    });
    const startedAt = Date.now();
    await waitUntilHealthy(`${server.url}/health`, config.startupTimeoutMs, server.exitedWith);
    console.log(`next start on ${server.url}, ready in ${Date.now() - startedAt} ms`);

    const maxClients = Math.max(...config.concurrencies);
    const client = createChatClient(server.url, maxClients);
    cleanups.push(async () => client.close());
    const pool = new pg.Pool({
      connectionString: target.url,
      max: SERVER_POOL_SIZE,
      // The options the server's connections run with (server/db/client.ts).
      options: "-c plan_cache_mode=force_custom_plan",
    });
    cleanups.push(() => pool.end());

    const scenarios: Scenario[] = config.scenarios.map((name) =>
      name === "text"
        ? { name, title: "(a) text reply", agent: data.agents.text, calls: 1 }
        : { name, title: "(b) one tool round (entity.query)", agent: data.agents.tool, calls: 2 },
    );
    const ceilings = new Map<number, CeilingRun>();
    for (const concurrency of config.concurrencies) {
      if (interrupted.signal.aborted) break;
      const load = { concurrency, rate: null, signal: interrupted.signal };
      await ceilingPhase(client, started, { ...load, seconds: Math.min(1, config.warmupSeconds) });
      const run = await ceilingPhase(client, started, {
        ...load,
        seconds: Math.min(10, config.seconds),
      });
      ceilings.set(concurrency, run);
      printCeiling(run);
    }
    const textFigures: { closed?: Figures; paced?: Figures } = {};
    for (const scenario of scenarios) {
      if (interrupted.signal.aborted) break;
      const recorded = await recordTurn(db, data, scenario, fake.url);
      console.log(
        `\n${scenario.title}: ${statementCount(recorded.units)} SQL statements per turn in ${recorded.units.length} units (transactions or single statements)`,
      );
      if (config.printSql) {
        for (const unit of recorded.units)
          for (const [i, s] of unit.statements.entries())
            console.log(
              `   ${unit.transaction ? (i === 0 ? "tx " : "   ") : "   "}${s.text.replace(/\s+/g, " ").slice(0, 150)}`,
            );
      }
      const loads = [
        ...config.concurrencies.map((concurrency) => ({ concurrency, rate: null })),
        ...(config.rate ? [{ concurrency: maxClients, rate: config.rate }] : []),
      ];
      for (const { concurrency, rate } of loads) {
        if (interrupted.signal.aborted) break;
        const signal = interrupted.signal;
        const warm = { concurrency, rate, seconds: config.warmupSeconds, signal };
        const measured = { ...warm, seconds: config.seconds };
        if (config.warmupSeconds > 0)
          await httpPhase(client, started, data, scenario, config, warm);
        const http = await httpPhase(client, started, data, scenario, config, measured);
        if (interrupted.signal.aborted) break;
        if (config.warmupSeconds > 0) await floorPhase(db, pool, data, scenario, recorded, warm);
        const floor = await floorPhase(db, pool, data, scenario, recorded, measured);
        const figures = printRun(scenario.title, http, floor);
        if (scenario.name === "text" && concurrency === maxClients)
          textFigures[rate ? "paced" : "closed"] = figures;
      }
    }
    printTargets(textFigures.closed, textFigures.paced, ceilings.get(maxClients));
    return interrupted.signal.aborted ? 130 : 0;
  } catch (error) {
    process.exitCode = 1;
    console.error(error);
    if (server) console.error(`\nthe server's last lines:\n${logTail(server.logPath)}`);
    return 1;
  } finally {
    await cleanUp();
  }
}

process.on("exit", () => {
  if (liveChild) killGroup(liveChild, "SIGKILL");
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    if (liveChild) killGroup(liveChild, "SIGKILL");
    process.exit(1);
  },
);
