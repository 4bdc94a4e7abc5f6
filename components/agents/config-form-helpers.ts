import { TRPCClientError } from "@trpc/client";

import type {
  AgentConfig,
  ConfigInput,
  CustomTool,
  ToolConfig,
} from "@/components/agents/agent-helpers";
import { errorMessage } from "@/lib/trpc/errors";
import type { BuiltinToolName } from "@/server/agent/tools/names";
import type { AppRouter } from "@/server/routers/_app";

// The development config form: its values, what it sends to agents.syncDevelopment, and where
// the server's refusals go. Pure, so the mapping from zod paths to fields is unit tested.

export type ConfigFormValues = {
  name: string;
  systemPrompt: string;
  modelName: string;
  /** Text of the field; "" means the server's default. */
  maxTokens: string;
  /** In the order they are sent (and the order the server's `tools.N` paths count). */
  tools: ToolConfig[];
};

export const DEFAULT_MODEL = "claude-sonnet-5-5";

export function configFormValues(config: AgentConfig | null, agentName: string): ConfigFormValues {
  return {
    name: config?.name ?? agentName,
    systemPrompt: config?.systemPrompt ?? "",
    modelName: config?.model.name ?? DEFAULT_MODEL,
    maxTokens: config?.model.maxTokens === undefined ? "" : String(config.model.maxTokens),
    tools: config?.tools ?? [],
  };
}

/** Field keys as the server names them, without the input's leading `config.`. */
export type ConfigField = "name" | "systemPrompt" | "model.name" | "model.maxTokens" | "tools";

export type ConfigErrors = {
  fields: Partial<Record<ConfigField, string>>;
  /** By tool name: the tool a `tools.N…` path points at in the config that was sent. */
  tools: Record<string, string>;
  form: string | null;
};

export const NO_ERRORS: ConfigErrors = { fields: {}, tools: {}, form: null };

export type ParsedConfig = { ok: true; config: ConfigInput } | { ok: false; errors: ConfigErrors };

/**
 * The form's values as a config. `stored` is the model settings being replaced: a temperature
 * written for an older model is kept as it is (the editor does not offer it, and dropping it
 * would show up as a change in the next deploy's diff).
 */
export function parseConfigForm(
  values: ConfigFormValues,
  stored: AgentConfig["model"] | null,
): ParsedConfig {
  const fields: ConfigErrors["fields"] = {};
  const name = values.name.trim();
  const modelName = values.modelName.trim();
  if (name === "") fields.name = "Config name is required";
  if (modelName === "") fields["model.name"] = "Model is required";
  let maxTokens: number | undefined;
  const tokensText = values.maxTokens.trim();
  if (tokensText !== "") {
    maxTokens = Number(tokensText);
    if (!/^\d+$/.test(tokensText) || maxTokens < 1 || maxTokens > 64_000) {
      fields["model.maxTokens"] = "Max tokens must be a whole number from 1 to 64,000";
    }
  }
  if (Object.keys(fields).length > 0) return { ok: false, errors: { ...NO_ERRORS, fields } };
  return {
    ok: true,
    config: {
      name,
      systemPrompt: values.systemPrompt,
      model: {
        ...(stored?.temperature !== undefined && { temperature: stored.temperature }),
        provider: "anthropic",
        name: modelName,
        ...(maxTokens !== undefined && { maxTokens }),
      },
      tools: values.tools,
    },
  };
}

export type ServerIssue = { path: readonly PropertyKey[]; message: string };

/**
 * The server's refusal, placed at its fields. Issues come from the input's zod check (paths
 * `config.tools.2.name`) or from the service's own check (an error naming `field`); either way
 * `tools.N…` points at the N-th tool of the config that was sent.
 */
export function placeConfigIssues(
  issues: readonly ServerIssue[],
  sentTools: readonly ToolConfig[],
): ConfigErrors {
  const result: ConfigErrors = { fields: {}, tools: {}, form: null };
  const rest: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (path[0] === "config") path.shift();
    const [head, second, ...tail] = path;
    if (head === "tools" && second !== undefined && /^\d+$/.test(second)) {
      const tool = sentTools[Number(second)];
      if (tool) {
        // "parameters: …" says which part of the tool; a message about the whole tool stands alone.
        const where = tail.length > 0 ? `${tail.join(".")}: ` : "";
        result.tools[tool.name] ??= `${where}${issue.message}`;
        continue;
      }
    }
    const field = (second !== undefined && head === "model" ? `model.${second}` : head) as
      ConfigField | undefined;
    if (field && ["name", "systemPrompt", "model.name", "model.maxTokens", "tools"].includes(field))
      result.fields[field] ??= issue.message;
    else rest.push(issue.message);
  }
  result.form = rest.length > 0 ? rest.join(". ") : null;
  return result;
}

/** The service names a field as `config.tools.2.name` and prefixes its message with it. */
export function issueFromField(field: string, message: string): ServerIssue {
  const prefix = `${field}: `;
  return {
    path: field.split("."),
    message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
  };
}

/** A syncDevelopment error as field errors (`sentTools`: the tools of the config that was sent). */
export function configErrorsFrom(error: unknown, sentTools: readonly ToolConfig[]): ConfigErrors {
  if (!error) return NO_ERRORS;
  if (!(error instanceof TRPCClientError)) return { ...NO_ERRORS, form: errorMessage(error) };
  const data = (error as TRPCClientError<AppRouter>).data;
  const issues: ServerIssue[] =
    data?.zodIssues && data.zodIssues.length > 0
      ? data.zodIssues
      : data?.field
        ? [issueFromField(data.field, error.message)]
        : [];
  if (issues.length === 0) return { ...NO_ERRORS, form: errorMessage(error) };
  return placeConfigIssues(issues, sentTools);
}

export function isCustomTool(tool: ToolConfig): tool is CustomTool {
  return !tool.isBuiltin;
}

/** Ticking adds the built-in tool at the end; unticking removes it, the others keep their order. */
export function toggleBuiltinTool(
  tools: readonly ToolConfig[],
  name: BuiltinToolName,
  on: boolean,
): ToolConfig[] {
  const without = tools.filter((tool) => !(tool.isBuiltin && tool.name === name));
  return on ? [...without, { isBuiltin: true, name }] : without;
}

/** Replaces the custom tool named `previousName` in place, or appends a new one. */
export function upsertCustomTool(
  tools: readonly ToolConfig[],
  previousName: string | null,
  tool: CustomTool,
): ToolConfig[] {
  const index =
    previousName === null ? -1 : tools.findIndex((t) => !t.isBuiltin && t.name === previousName);
  if (index === -1) return [...tools, tool];
  return tools.map((existing, i) => (i === index ? tool : existing));
}

export function removeTool(tools: readonly ToolConfig[], name: string): ToolConfig[] {
  return tools.filter((tool) => tool.name !== name);
}

/** A custom tool name taken by another tool of the config (the server refuses duplicates too). */
export function toolNameTaken(
  tools: readonly ToolConfig[],
  name: string,
  previousName: string | null,
): boolean {
  return tools.some((tool) => tool.name === name && tool.name !== previousName);
}
