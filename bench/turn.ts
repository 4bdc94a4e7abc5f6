// The agent runtime's own cost per chat turn, on PostgreSQL, with the fake model answering at
// once (test/fakes/anthropic.ts on loopback, through the real SDK): (a) a text reply, (b) one
// tool round with entity.query, beside the floor: the very SQL statements of one such turn
// (recorded from the driver) replayed directly with `pg`. The runtime's cost is a turn's wall
// time less the time spent waiting on the model (from the request until its response body
// ended, measured in the SDK's fetch). Target: (a) p50 ≤ 5 ms and ≤ 3× the floor.
// `DATABASE_URL=postgresql://... npm run bench:turn` (BENCH_PRINT_SQL=1 lists the statements).
// Writes a throw-away organization and deletes it.
import { randomBytes } from "node:crypto";
import Anthropic from "@anthropic-ai/sdk";
import pg from "pg";
import { startChat, type ChatDeps } from "@/server/agent/chat";
import { DEFAULT_RECORDER_TIMING } from "@/server/agent/turn-recorder";
import type { UserActor } from "@/server/auth/actor";
import {
  disconnectDb,
  getDb,
  getDbAdapterFactory,
  resolveDatabaseTarget,
} from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";
import { printRow, summarize } from "@/bench/stats";
import { startFakeAnthropic, text, toolUse } from "@/test/fakes/anthropic";

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARMUP = 30;

type Statement = { text: string; values: unknown[] };

/** Every statement node-postgres sends while `recording` is on (what the turn asked of SQL). */
const recorded: Statement[] = [];
let recording = false;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
    if (typeof config === "string")
      recorded.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof config.text === "string")
      recorded.push({ text: config.text, values: config.values ?? [] });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** Time spent waiting on the model: from each request until its response body has ended. */
let modelMs = 0;
const timedFetch: typeof fetch = async (input, init) => {
  const start = performance.now();
  const response = await fetch(input, init);
  if (!response.body) {
    modelMs += performance.now() - start;
    return response;
  }
  const body = response.body.pipeThrough(
    new TransformStream({ flush: () => void (modelMs += performance.now() - start) }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
};

const CUID = /\bc[a-z0-9]{20,30}\b/g;

/**
 * The recorded statements with the ids the turn made replaced by fresh ones, wherever they
 * appear (plain parameters, or inside a JSON parameter), so inserts can repeat.
 */
function replayable(statements: Statement[], existing: Set<string>) {
  return () => {
    const fresh = new Map<string, string>();
    const swap = (id: string) => {
      if (existing.has(id)) return id;
      if (!fresh.has(id)) fresh.set(id, `c${randomBytes(12).toString("hex")}`);
      return fresh.get(id)!;
    };
    const map = (value: unknown) => (typeof value === "string" ? value.replace(CUID, swap) : value);
    return statements.map((s) => ({ text: s.text, values: s.values.map(map) }));
  };
}

async function main(): Promise<void> {
  const target = resolveDatabaseTarget();
  if (target.kind !== "postgres") throw new Error("bench:turn needs DATABASE_URL (PostgreSQL)");
  await applyMigrations(getDbAdapterFactory());
  const db = getDb();
  const key = randomBytes(4).toString("hex");
  const org = await db.organization.create({
    data: { name: `bench ${key}`, slug: `bench-turn-${key}` },
  });
  const fake = await startFakeAnthropic();
  const floorClient = new pg.Client({ connectionString: target.url });
  await floorClient.connect();
  try {
    const user = await db.user.create({
      data: { email: `owner-${key}@bench.test`, name: "owner", clerkUserId: `bench-${key}` },
    });
    await db.membership.create({
      data: { userId: user.id, organizationId: org.id, role: "owner" },
    });
    const actor: UserActor = { type: "user", userId: user.id, orgId: org.id, orgRole: "owner" };
    const type = await db.entityType.create({
      data: {
        organizationId: org.id,
        name: "student",
        slug: "student",
        schema: { type: "object" },
      },
    });
    await db.entity.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({
        organizationId: org.id,
        entityTypeId: type.id,
        data: { name: `Student ${i}`, grade: i % 12 },
        searchText: `Student ${i}`,
      })),
    });
    const agent = async (tools: unknown[]) => {
      const row = await db.agent.create({
        data: {
          organizationId: org.id,
          name: "bench",
          slug: `bench-${randomBytes(3).toString("hex")}`,
        },
      });
      const config = await db.agentConfig.create({
        data: {
          organizationId: org.id,
          agentId: row.id,
          version: 1,
          environment: "development",
          name: "bench",
          systemPrompt: "You are a helpful front-desk assistant for a tutoring school.",
          model: { provider: "anthropic", name: "claude-sonnet-5-5" },
          tools: tools as object[],
        },
      });
      await db.agent.update({ where: { id: row.id }, data: { developmentConfigId: config.id } });
      return { id: row.id, configId: config.id };
    };
    const textAgent = await agent([]);
    const toolAgent = await agent([{ isBuiltin: true, name: "entity.query" }]);
    const client = new Anthropic({
      apiKey: "bench",
      baseURL: fake.url,
      maxRetries: 0,
      fetch: timedFetch,
    });
    const deps: ChatDeps = {
      model: { client: () => client },
      turnTimeoutMs: 60_000,
      recorderTiming: DEFAULT_RECORDER_TIMING,
    };

    const scenarios = [
      {
        name: "(a) text reply",
        agent: textAgent,
        script: () => fake.script(text("Hello! How can I help you today?")),
      },
      {
        name: "(b) one tool round (entity.query)",
        agent: toolAgent,
        script: () =>
          fake.script(
            toolUse([{ name: "entity_query", input: { type: "student", limit: 20 } }]),
            text("You have 50 students."),
          ),
      },
    ];
    console.log(`database: PostgreSQL; ${RUNS} turns per scenario after ${WARMUP} warm-up turns`);
    for (const scenario of scenarios) {
      const externalThreadId = `bench-${scenario.agent.id}`;
      const turn = async () => {
        scenario.script();
        modelMs = 0;
        const start = performance.now();
        const started = await startChat(
          {
            db,
            actor,
            agent: { agentId: scenario.agent.id },
            environment: "development",
            message: "Who are my students?",
            externalThreadId,
          },
          deps,
        );
        const outcome = await started.done;
        if (outcome.status !== "success") throw new Error(`turn ended ${outcome.status}`);
        return { wall: performance.now() - start, model: modelMs };
      };
      const own: number[] = [];
      const walls: number[] = [];
      for (let i = 0; i < WARMUP; i++) await turn();
      for (let i = 0; i < RUNS; i++) {
        const { wall, model } = await turn();
        walls.push(wall);
        own.push(wall - model);
      }
      // One more turn with the driver recorded: the statements the floor replays.
      recorded.length = 0;
      recording = true;
      await turn();
      recording = false;
      const statements = recorded.filter((s) => !/^(SET|SHOW)\b/i.test(s.text));
      if (process.env.BENCH_PRINT_SQL)
        for (const s of statements)
          console.log("   SQL", s.text.replace(/\s+/g, " ").slice(0, 160));
      const thread = await db.thread.findFirstOrThrow({
        where: { organizationId: org.id, externalId: externalThreadId },
      });
      const existing = new Set([
        org.id,
        user.id,
        scenario.agent.id,
        scenario.agent.configId,
        thread.id,
        type.id,
      ]);
      const next = replayable(statements, existing);
      const floor: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const batch = next();
        const start = performance.now();
        for (const statement of batch) await floorClient.query(statement.text, statement.values);
        if (i >= WARMUP) floor.push(performance.now() - start);
      }
      console.log(`\n${scenario.name}: ${statements.length} SQL statements per turn`);
      printRow("  turn, wall time", walls);
      printRow("  runtime's own cost (wall - model)", own);
      printRow("  floor (the same SQL with pg)", floor);
      const ratio = summarize(own).p50 / summarize(floor).p50;
      console.log(`  own cost p50 / floor p50: ${ratio.toFixed(2)}x`);
    }
  } finally {
    await floorClient.end();
    await fake.close();
    await db.organization.delete({ where: { id: org.id } });
    await disconnectDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
