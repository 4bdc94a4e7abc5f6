import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/errors";
import { Prisma, type Environment } from "@/generated/prisma/client";
import { generateSlug, uniqueSlug } from "@/lib/slug";
import {
  agentConfigSchema,
  defaultAgentConfig,
  type AgentConfigInput,
} from "@/server/agent/config";
import type { Actor } from "@/server/auth/actor";
import { badRequest, conflict, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { assertCursorInList } from "@/server/services/paging";
import type {
  createAgentInput,
  listAgentsInput,
  updateAgentInput,
} from "@/server/routers/agents.schemas";

// Agents of an organization (docs/agents.md). Platform objects follow the org role:
// any member reads, owners and admins change. An agent of another organization is "not found".
// Deleting is soft (status `deleted`) and frees the slug (partial unique index
// `agents_organizationId_slug_live_key`). A new agent gets development config version 1, so it
// can chat in development at once. The config lifecycle (sync, deploy, rollback, history, diff)
// is in agent-configs.ts; the config rows' shape, reader and insert are here, because creating
// an agent and reading it with its configs need them too.

export const MANAGE_AGENTS = "manage agents";

const agentSelect = {
  id: true,
  name: true,
  slug: true,
  description: true,
  status: true,
  developmentConfigId: true,
  productionConfigId: true,
  createdAt: true,
  updatedAt: true,
  developmentConfig: { select: { id: true, version: true } },
  productionConfig: { select: { id: true, version: true, createdAt: true } },
} as const;

type AgentRow = Prisma.AgentGetPayload<{ select: typeof agentSelect }>;

/**
 * An agent of the organization, or NOT_FOUND. Live agents only unless `includeDeleted` (reads
 * of history); `lock` takes the row lock first (`FOR UPDATE`), so config writes of one agent
 * run one after the other (each computes its version from the committed rows) and cannot race
 * a delete.
 */
export async function findOwnAgent(
  db: DbClient,
  orgId: string,
  agentId: string,
  options: { includeDeleted?: boolean; lock?: boolean } = {},
): Promise<AgentRow> {
  if (options.lock) {
    await db.$queryRaw`
      SELECT "id" FROM "agents" WHERE "id" = ${agentId} AND "organizationId" = ${orgId} FOR UPDATE`;
  }
  const agent = await db.agent.findFirst({
    where: {
      id: agentId,
      organizationId: orgId,
      ...(!options.includeDeleted && { status: { not: "deleted" } }),
    },
    select: agentSelect,
  });
  if (!agent) throw notFound("Agent");
  return agent;
}

/** The page's agents in the list shape; `lastTurnAt` is one aggregate for the whole page. */
async function toAgentItems(db: DbClient, orgId: string, rows: AgentRow[]) {
  const turns =
    rows.length === 0
      ? []
      : await db.execution.groupBy({
          by: ["agentId"],
          where: { organizationId: orgId, agentId: { in: rows.map((row) => row.id) } },
          _max: { createdAt: true },
        });
  const lastTurn = new Map(turns.map((turn) => [turn.agentId, turn._max.createdAt]));
  return rows.map(
    ({
      developmentConfig,
      productionConfig,
      developmentConfigId: _developmentConfigId,
      productionConfigId: _productionConfigId,
      ...agent
    }) => ({
      ...agent,
      development: developmentConfig
        ? { configId: developmentConfig.id, version: developmentConfig.version }
        : null,
      production: productionConfig
        ? {
            configId: productionConfig.id,
            version: productionConfig.version,
            deployedAt: productionConfig.createdAt,
          }
        : null,
      lastTurnAt: lastTurn.get(agent.id) ?? null,
    }),
  );
}

async function toAgentItem(db: DbClient, orgId: string, row: AgentRow) {
  return (await toAgentItems(db, orgId, [row]))[0]!;
}

export type AgentItem = Awaited<ReturnType<typeof toAgentItem>>;

// ---- Config rows ------------------------------------------------------------------------------

export const configSelect = {
  id: true,
  agentId: true,
  version: true,
  environment: true,
  name: true,
  systemPrompt: true,
  model: true,
  tools: true,
  sourceConfigId: true,
  deployedBy: { select: { id: true, name: true, email: true } },
  createdAt: true,
} as const;

export type ConfigRow = Prisma.AgentConfigGetPayload<{ select: typeof configSelect }>;

/** The config columns of a row, typed (rows are only written after this schema checked them). */
export function configRowToInput(row: {
  name: string;
  systemPrompt: string;
  model: Prisma.JsonValue;
  tools: Prisma.JsonValue;
}): AgentConfigInput {
  return agentConfigSchema.parse({
    name: row.name,
    systemPrompt: row.systemPrompt,
    model: row.model,
    tools: row.tools,
  });
}

/** A config row as it leaves a service: model and tools typed. */
export function toConfigOutput(row: ConfigRow) {
  const { model, tools } = configRowToInput(row);
  return { ...row, model, tools };
}

export type ConfigOutput = ReturnType<typeof toConfigOutput>;

/** Validates a config (for callers other than tRPC): 400 naming the first failing path. */
export function parseAgentConfig(config: unknown, field = "config"): AgentConfigInput {
  const parsed = agentConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [field, ...issue.path.map(String)].join(".");
  throw badRequest(`${path}: ${issue.message}`, path);
}

export type ConfigColumns = {
  name: string;
  systemPrompt: string;
  model: Prisma.InputJsonValue;
  tools: Prisma.InputJsonValue;
};

export function configColumns(config: AgentConfigInput): ConfigColumns {
  return {
    name: config.name,
    systemPrompt: config.systemPrompt,
    model: config.model,
    tools: config.tools as Prisma.InputJsonValue,
  };
}

/**
 * Inserts the next config row of an agent and environment (version = the highest + 1): rows
 * are immutable history. Call it inside the transaction that locked the agent (findOwnAgent
 * with `lock`), which makes the version race-free; the unique (agentId, environment, version)
 * is the last line (withConfigRetry).
 */
export async function insertConfig(
  tx: DbClient,
  actor: Actor,
  input: {
    agentId: string;
    environment: Environment;
    columns: ConfigColumns;
    sourceConfigId?: string | null;
  },
): Promise<ConfigRow> {
  const { _max } = await tx.agentConfig.aggregate({
    where: { agentId: input.agentId, environment: input.environment },
    _max: { version: true },
  });
  return tx.agentConfig.create({
    data: {
      organizationId: actor.orgId,
      agentId: input.agentId,
      environment: input.environment,
      version: (_max.version ?? 0) + 1,
      ...input.columns,
      sourceConfigId: input.sourceConfigId ?? null,
      deployedById: actor.type === "user" ? actor.userId : null,
    },
    select: configSelect,
  });
}

/**
 * Runs a config write; a version taken meanwhile (a writer that did not lock the agent) is
 * retried once, then reported as a conflict.
 */
export async function withConfigRetry<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw conflict("The agent's configuration changed at the same time; try again");
  }
}

// ---- Agents -----------------------------------------------------------------------------------

/** What agents.list validates. */
export type ListAgentsInput = z.output<typeof listAgentsInput>;

export async function listAgents(ctx: ServiceContext, input: ListAgentsInput = {}) {
  const orgId = ctx.actor.orgId;
  const limit = input.limit ?? 50;
  const where: Prisma.AgentWhereInput = {
    organizationId: orgId,
    status: input.status ?? { not: "deleted" },
  };
  if (input.cursor) {
    await assertCursorInList(
      ctx.db.agent.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }),
    );
  }
  const rows = await ctx.db.agent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: agentSelect,
  });
  const page = rows.slice(0, limit);
  return {
    items: await toAgentItems(ctx.db, orgId, page),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** Deleted agents too: their status says so. */
export async function getAgent(ctx: ServiceContext, input: { id: string }) {
  const row = await findOwnAgent(ctx.db, ctx.actor.orgId, input.id, { includeDeleted: true });
  return toAgentItem(ctx.db, ctx.actor.orgId, row);
}

/** The live agent with that slug (a deleted agent's slug may belong to a new one). */
export async function getAgentBySlug(ctx: ServiceContext, input: { slug: string }) {
  const row = await ctx.db.agent.findFirst({
    where: { organizationId: ctx.actor.orgId, slug: input.slug, status: { not: "deleted" } },
    select: agentSelect,
  });
  if (!row) throw notFound(`Agent ${input.slug}`);
  return toAgentItem(ctx.db, ctx.actor.orgId, row);
}

export async function getAgentWithConfig(ctx: ServiceContext, input: { id: string }) {
  const orgId = ctx.actor.orgId;
  const row = await findOwnAgent(ctx.db, orgId, input.id, { includeDeleted: true });
  const ids = [row.developmentConfigId, row.productionConfigId].filter((id) => id !== null);
  const configs = await ctx.db.agentConfig.findMany({
    where: { id: { in: ids }, agentId: row.id, organizationId: orgId },
    select: configSelect,
  });
  const byId = new Map(configs.map((config) => [config.id, toConfigOutput(config)]));
  return {
    ...(await toAgentItem(ctx.db, orgId, row)),
    developmentConfig: (row.developmentConfigId && byId.get(row.developmentConfigId)) || null,
    productionConfig: (row.productionConfigId && byId.get(row.productionConfigId)) || null,
  };
}

/** What agents.create validates (the config is checked again here, for other callers). */
export type CreateAgentInput = z.output<typeof createAgentInput>;

const slugTaken = () => conflict("Agent with this slug already exists", "slug");

export async function createAgent(ctx: ServiceContext, input: CreateAgentInput) {
  requireOrgAdmin(ctx.actor, MANAGE_AGENTS);
  const actor = ctx.actor;
  const config =
    input.config === undefined ? defaultAgentConfig(input.name) : parseAgentConfig(input.config);
  const row = await ctx.db
    .$transaction(async (tx) => {
      const isTaken = async (slug: string) =>
        (await tx.agent.count({
          where: { organizationId: actor.orgId, slug, status: { not: "deleted" } },
        })) > 0;
      let slug = input.slug;
      if (slug === undefined) slug = await uniqueSlug(generateSlug(input.name), isTaken, "agent");
      else if (await isTaken(slug)) throw slugTaken();
      const agent = await tx.agent.create({
        data: {
          organizationId: actor.orgId,
          name: input.name,
          slug,
          description: input.description ?? null,
          status: "active",
        },
        select: { id: true },
      });
      const first = await insertConfig(tx, actor, {
        agentId: agent.id,
        environment: "development",
        columns: configColumns(config),
      });
      const created = await tx.agent.update({
        where: { id: agent.id },
        data: { developmentConfigId: first.id },
        select: agentSelect,
      });
      await recordEvent(tx, actor, {
        eventType: "agent.created",
        payload: {
          agentId: created.id,
          name: created.name,
          slug: created.slug,
          description: created.description,
          developmentConfigId: first.id,
          version: first.version,
        },
      });
      return created;
    })
    .catch((error: unknown) => {
      // Two creates taking the same slug at once: the partial unique index decides.
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    });
  return toAgentItem(ctx.db, actor.orgId, row);
}

/** What agents.update validates. */
export type UpdateAgentInput = z.output<typeof updateAgentInput>;

/** Name, description and status (active/paused); the slug is immutable. */
export async function updateAgent(ctx: ServiceContext, input: UpdateAgentInput) {
  requireOrgAdmin(ctx.actor, MANAGE_AGENTS);
  const actor = ctx.actor;
  const row = await ctx.db.$transaction(async (tx) => {
    const current = await findOwnAgent(tx, actor.orgId, input.id, { lock: true });
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    const data: Prisma.AgentUpdateInput = {};
    for (const field of ["name", "description", "status"] as const) {
      const value = input[field];
      if (value === undefined || value === current[field]) continue;
      changes[field] = { from: current[field], to: value };
      Object.assign(data, { [field]: value });
    }
    // Nothing asked to change: no write, no event.
    if (Object.keys(changes).length === 0) return current;
    const updated = await tx.agent.update({ where: { id: current.id }, data, select: agentSelect });
    await recordEvent(tx, actor, {
      eventType: "agent.updated",
      payload: { agentId: updated.id, slug: updated.slug, changes },
    });
    return updated;
  });
  return toAgentItem(ctx.db, actor.orgId, row);
}

/** Soft delete: status `deleted`; the slug is free again, history (configs, turns) stays. */
export async function removeAgent(ctx: ServiceContext, input: { id: string }) {
  requireOrgAdmin(ctx.actor, MANAGE_AGENTS);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const agent = await findOwnAgent(tx, actor.orgId, input.id, { lock: true });
    await tx.agent.update({ where: { id: agent.id }, data: { status: "deleted" } });
    await recordEvent(tx, actor, {
      eventType: "agent.deleted",
      payload: { agentId: agent.id, name: agent.name, slug: agent.slug },
    });
    return { id: agent.id, removed: true as const };
  });
}
