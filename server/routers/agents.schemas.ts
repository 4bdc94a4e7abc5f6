import { z } from "zod";
import { agentConfigSchema, modelSettingsSchema, toolConfigSchema } from "@/server/agent/config";
import { jsonValue } from "@/server/routers/business-schemas";
import { publicUserOutput } from "@/server/routers/schemas";

// Input and output schemas of the agents router (docs/agents.md). A config is checked with the one
// config schema (server/agent/config.ts): its zod issues come back with their path
// (`config.tools.1.name`). Inputs check shapes; the services check meaning.

const id = z.string().min(1).max(100);
const slug = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");
const name = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is at most 100 characters");
const description = z.string().trim().max(1000).nullable();
const limit = z.number().int().min(1).max(100).optional();
const environment = z.enum(["development", "production"]);

export const agentStatus = z.enum(["active", "paused", "deleted"]);

export const listAgentsInput = z.object({
  status: agentStatus.optional(),
  cursor: id.optional(),
  limit,
});
export const agentIdInput = z.object({ id });
export const agentSlugInput = z.object({ slug });
export const createAgentInput = z.object({
  name,
  slug: slug.optional(),
  description: description.optional(),
  config: agentConfigSchema.optional(),
});
export const updateAgentInput = z.object({
  id,
  name: name.optional(),
  description: description.optional(),
  status: z.enum(["active", "paused"]).optional(),
});
export const syncDevelopmentInput = z.object({ agentId: id, config: agentConfigSchema });
export const deployInput = z.object({ agentId: id });
export const rollbackInput = z.object({ agentId: id, configId: id });
export const listConfigsInput = z.object({
  agentId: id,
  environment: environment.optional(),
  cursor: id.optional(),
  limit,
});
export const diffInput = z.object({
  agentId: id,
  fromConfigId: id.optional(),
  toConfigId: id.optional(),
});

// ---- Outputs --------------------------------------------------------------------------------

export const agentOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  status: agentStatus,
  createdAt: z.date(),
  updatedAt: z.date(),
  development: z.object({ configId: z.string(), version: z.number().int() }).nullable(),
  production: z
    .object({ configId: z.string(), version: z.number().int(), deployedAt: z.date() })
    .nullable(),
  /** When the agent's latest turn started. */
  lastTurnAt: z.date().nullable(),
});

export const agentPageOutput = z.object({
  items: z.array(agentOutput),
  nextCursor: z.string().nullable(),
});

export const configOutput = z.object({
  id: z.string(),
  agentId: z.string(),
  version: z.number().int(),
  environment,
  name: z.string(),
  systemPrompt: z.string(),
  model: modelSettingsSchema,
  tools: z.array(toolConfigSchema),
  sourceConfigId: z.string().nullable(),
  deployedBy: publicUserOutput.nullable(),
  createdAt: z.date(),
});

export const agentWithConfigOutput = agentOutput.extend({
  developmentConfig: configOutput.nullable(),
  productionConfig: configOutput.nullable(),
});

export const configPageOutput = z.object({
  items: z.array(configOutput.extend({ current: z.boolean() })),
  nextCursor: z.string().nullable(),
});

export const diffOutput = z.object({
  from: configOutput.nullable(),
  to: configOutput.nullable(),
  changes: z.array(
    z.object({
      field: z.enum([
        "name",
        "systemPrompt",
        "model.name",
        "model.temperature",
        "model.maxTokens",
        "tools",
      ]),
      from: jsonValue,
      to: jsonValue,
    }),
  ),
  toolsAdded: z.array(z.string()),
  toolsRemoved: z.array(z.string()),
  toolsChanged: z.array(z.string()),
});
