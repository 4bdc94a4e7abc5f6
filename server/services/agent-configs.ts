import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { Prisma } from "@/generated/prisma/client";
import type { ToolConfig } from "@/server/agent/config";
import { badRequest, conflict, notFound } from "@/server/errors";
import {
  configColumns,
  configSelect,
  findOwnAgent,
  insertConfig,
  MANAGE_AGENTS,
  parseAgentConfig,
  toConfigOutput,
  withConfigRetry,
  type ConfigColumns,
  type ConfigOutput,
  type ConfigRow,
} from "@/server/services/agents";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { assertCursorInList } from "@/server/services/paging";
import type { listConfigsInput, syncDevelopmentInput } from "@/server/routers/agents.schemas";

// The config lifecycle of an agent (docs/agents.md): config rows are immutable history. A sync inserts
// a new development row, a deploy copies the current development row into a new production
// row, a rollback copies an earlier production row into a new one; versions count up per agent
// and environment, and the agent's pointers move. Every write locks the agent row first, so two
// deploys at once get versions n and n+1, never the same one.

/** The stored columns of a config, copied as they are (deploy and rollback do not re-validate). */
const copyColumns = (row: ConfigRow): ConfigColumns => ({
  name: row.name,
  systemPrompt: row.systemPrompt,
  // Non-null JSON columns written from validated configs: never a JSON null.
  model: row.model as Prisma.InputJsonValue,
  tools: row.tools as Prisma.InputJsonValue,
});

async function findConfigOfAgent(
  db: DbClient,
  orgId: string,
  agentId: string,
  configId: string,
): Promise<ConfigRow> {
  const config = await db.agentConfig.findFirst({
    where: { id: configId, agentId, organizationId: orgId },
    select: configSelect,
  });
  if (!config) throw notFound("Configuration");
  return config;
}

/**
 * What agents.syncDevelopment validates; `config` stays open, as the service parses it again
 * (naming the field) for callers that did not.
 */
export type SyncDevelopmentInput = Omit<z.output<typeof syncDevelopmentInput>, "config"> & {
  config: unknown;
};

/** Inserts a new development config and points the agent at it. */
export async function syncDevelopment(
  ctx: ServiceContext,
  input: SyncDevelopmentInput,
): Promise<ConfigOutput> {
  requireOrgAdmin(ctx.actor, MANAGE_AGENTS);
  const actor = ctx.actor;
  const config = parseAgentConfig(input.config);
  const row = await withConfigRetry(() =>
    ctx.db.$transaction(async (tx) => {
      const agent = await findOwnAgent(tx, actor.orgId, input.agentId, { lock: true });
      const created = await insertConfig(tx, actor, {
        agentId: agent.id,
        environment: "development",
        columns: configColumns(config),
      });
      await tx.agent.update({ where: { id: agent.id }, data: { developmentConfigId: created.id } });
      await recordEvent(tx, actor, {
        eventType: "agent.configSynced",
        payload: { agentId: agent.id, configId: created.id, version: created.version },
      });
      return created;
    }),
  );
  return toConfigOutput(row);
}

type ProductionSource = (
  tx: Prisma.TransactionClient,
  agent: Awaited<ReturnType<typeof findOwnAgent>>,
) => Promise<Awaited<ReturnType<typeof findConfigOfAgent>>>;

/**
 * Copies a config of the agent into a new production row and points production at it, with
 * the agent locked (versions cannot collide) and the event in the same transaction.
 */
async function publishProduction(
  ctx: ServiceContext,
  agentId: string,
  eventType: "agent.deployed" | "agent.rolledBack",
  pickSource: ProductionSource,
): Promise<ConfigOutput> {
  requireOrgAdmin(ctx.actor, MANAGE_AGENTS);
  const actor = ctx.actor;
  const row = await withConfigRetry(() =>
    ctx.db.$transaction(async (tx) => {
      const agent = await findOwnAgent(tx, actor.orgId, agentId, { lock: true });
      const source = await pickSource(tx, agent);
      const created = await insertConfig(tx, actor, {
        agentId: agent.id,
        environment: "production",
        columns: copyColumns(source),
        sourceConfigId: source.id,
      });
      await tx.agent.update({ where: { id: agent.id }, data: { productionConfigId: created.id } });
      await recordEvent(tx, actor, {
        eventType,
        payload: {
          agentId: agent.id,
          configId: created.id,
          version: created.version,
          sourceConfigId: source.id,
          sourceVersion: source.version,
        },
      });
      return created;
    }),
  );
  return toConfigOutput(row);
}

/** Copies the current development config into a new production row. */
export function deployAgent(
  ctx: ServiceContext,
  input: { agentId: string },
): Promise<ConfigOutput> {
  return publishProduction(ctx, input.agentId, "agent.deployed", async (tx, agent) => {
    if (!agent.developmentConfigId) throw conflict("No development configuration to deploy");
    return findConfigOfAgent(tx, ctx.actor.orgId, agent.id, agent.developmentConfigId);
  });
}

/** Re-deploys an earlier production config of the agent as a new production row. */
export function rollbackAgent(
  ctx: ServiceContext,
  input: { agentId: string; configId: string },
): Promise<ConfigOutput> {
  return publishProduction(ctx, input.agentId, "agent.rolledBack", async (tx, agent) => {
    const source = await findConfigOfAgent(tx, ctx.actor.orgId, agent.id, input.configId);
    if (source.environment !== "production") {
      throw badRequest("Only a production configuration can be rolled back to", "configId");
    }
    return source;
  });
}

/** What agents.listConfigs validates. */
export type ListConfigsInput = z.output<typeof listConfigsInput>;

/** The config history, newest first; `current` marks the rows the agent's pointers name. */
export async function listConfigs(ctx: ServiceContext, input: ListConfigsInput) {
  const orgId = ctx.actor.orgId;
  const agent = await findOwnAgent(ctx.db, orgId, input.agentId, { includeDeleted: true });
  const limit = input.limit ?? 50;
  const where: Prisma.AgentConfigWhereInput = {
    organizationId: orgId,
    agentId: agent.id,
    ...(input.environment && { environment: input.environment }),
  };
  if (input.cursor) {
    await assertCursorInList(
      ctx.db.agentConfig.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }),
    );
  }
  const rows = await ctx.db.agentConfig.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: configSelect,
  });
  const page = rows.slice(0, limit);
  const current = new Set([agent.developmentConfigId, agent.productionConfigId]);
  return {
    items: page.map((row) => ({ ...toConfigOutput(row), current: current.has(row.id) })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

export type DiffField =
  "name" | "systemPrompt" | "model.name" | "model.temperature" | "model.maxTokens" | "tools";

export type ConfigChange = { field: DiffField; from: unknown; to: unknown };

/** JSON with object keys sorted, so two equal tools compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}

/** What changes from one config to the other (either may be absent: every field then differs). */
export function diffConfigs(from: ConfigOutput | null, to: ConfigOutput | null) {
  const read = (config: ConfigOutput | null): Record<DiffField, unknown> => ({
    name: config?.name ?? null,
    systemPrompt: config?.systemPrompt ?? null,
    "model.name": config?.model.name ?? null,
    "model.temperature": config?.model.temperature ?? null,
    "model.maxTokens": config?.model.maxTokens ?? null,
    tools: config?.tools ?? null,
  });
  const [before, after] = [read(from), read(to)];
  const changes: ConfigChange[] = (Object.keys(before) as DiffField[])
    .filter((field) => canonical(before[field]) !== canonical(after[field]))
    .map((field) => ({ field, from: before[field], to: after[field] }));
  const toolsOf = (config: ConfigOutput | null) =>
    new Map((config?.tools ?? []).map((tool: ToolConfig) => [tool.name, canonical(tool)]));
  const [oldTools, newTools] = [toolsOf(from), toolsOf(to)];
  return {
    changes,
    toolsAdded: [...newTools.keys()].filter((name) => !oldTools.has(name)),
    toolsRemoved: [...oldTools.keys()].filter((name) => !newTools.has(name)),
    toolsChanged: [...newTools.keys()].filter(
      (name) => oldTools.has(name) && oldTools.get(name) !== newTools.get(name),
    ),
  };
}

/**
 * Compares two configs of the agent; by default the current production config (`from`, what
 * runs) with the current development config (`to`, what a deploy would ship).
 */
export async function diffAgentConfigs(
  ctx: ServiceContext,
  input: { agentId: string; fromConfigId?: string; toConfigId?: string },
) {
  const orgId = ctx.actor.orgId;
  const agent = await findOwnAgent(ctx.db, orgId, input.agentId, { includeDeleted: true });
  const load = async (id: string | null) =>
    id === null ? null : toConfigOutput(await findConfigOfAgent(ctx.db, orgId, agent.id, id));
  const from = await load(input.fromConfigId ?? agent.productionConfigId);
  const to = await load(input.toConfigId ?? agent.developmentConfigId);
  return { from, to, ...diffConfigs(from, to) };
}
