import type { ErrorObject } from "ajv";
import type { FieldMask, ToolPermission } from "@/generated/prisma/client";
import { actorRef, type Actor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { compileSchema } from "@/server/services/json-schema";
import { toolPermissionsByTool } from "@/server/services/tool-permissions";
import type { ToolConfig } from "@/server/agent/config";
import { runCustomTool, type CustomToolOptions } from "@/server/agent/custom-tool";
import { toolActor } from "@/server/agent/tool-identity";
import {
  deniedFieldInData,
  deniedFieldInInput,
  deniedFieldMasks,
  stripDeniedFields,
} from "@/server/agent/tools/denied-fields";
import { BUILTIN_TOOLS } from "@/server/agent/tools/registry";
import type { ToolOutcome } from "@/server/agent/tools/types";

// One tool call, from the model's request to what goes back to it. Never throws: every failure
// is a tool error with a clear message (docs/agents.md), never a stack or SQL. In order: the tool must
// be in the config; its input must match its schema; its tool permission's `allowedActions`
// must allow its action and its input must not use a `deniedFields` path; it runs as the
// identity its permission chose (tool-identity.ts), through the same services as the dashboard,
// so policies decide, scope and mask; the denied fields are stripped from what it returns.

export type ToolCallEnv = {
  db: Db;
  /** Who the chat acts as: the playground's user, or the public API's agent actor. */
  chatActor: Actor;
  agentId: string;
  threadId: string;
  executionId: string;
  /** The config's tools. */
  tools: ToolConfig[];
  /** The agent's tool permissions by tool name (loadToolPermissions). */
  permissions: Map<string, ToolPermission>;
  /** Aborted when the turn is cancelled or times out. */
  signal: AbortSignal;
  /** The tool executor's URL, secret and timeout, instead of the environment's (tests). */
  executor?: CustomToolOptions;
};

/** A tool call as the model made it, with the config's tool name (`entity.query`). */
export type ToolCall = { id: string; name: string; input: unknown };

/** The agent's tool permissions by tool name. */
export function loadToolPermissions(
  db: Db,
  orgId: string,
  agentId: string,
): Promise<Map<string, ToolPermission>> {
  return toolPermissionsByTool(db, orgId, agentId);
}

const fail = (error: string): ToolOutcome => ({ ok: false, error });

/** `/filters/address.city` → `filters.address.city` (JSON Pointer unescaped). */
function pointerPath(pointer: string): string {
  return pointer
    .split("/")
    .filter(Boolean)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Ajv's first error as a sentence naming the parameter: "entity.create: 'type' is required". */
function describeInputError(tool: string, error: ErrorObject | undefined): string {
  if (!error) return `${tool}: the input is invalid`;
  const path = pointerPath(error.instancePath);
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${tool}: '${join(path, missing)}' is required`;
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${tool}: '${join(path, extra)}' is not a parameter of this tool`;
  }
  return path
    ? `${tool}: '${path}' ${error.message ?? "is invalid"}`
    : `${tool}: the input ${error.message ?? "is invalid"}`;
}

/** The input when it matches the schema, else the error naming the first failing parameter. */
function validateInput(
  tool: string,
  schema: Record<string, unknown>,
  input: unknown,
): { input: Record<string, unknown> } | { error: string } {
  const validate = compileSchema(schema);
  if (!validate(input)) return { error: describeInputError(tool, validate.errors?.[0]) };
  return { input: input as Record<string, unknown> };
}

/** `allowedActions` empty: any action; else the tool's action (or `*`) must be listed. */
function actionAllowed(permission: ToolPermission | null, action: string | null): boolean {
  const allowed = permission?.allowedActions ?? [];
  if (allowed.length === 0 || allowed.includes("*")) return true;
  return action !== null && allowed.includes(action);
}

function errorMessage(tool: string, error: unknown): string {
  if (error instanceof AppError) return error.message;
  // Logged here, where it can be investigated; the model only learns that the tool failed.
  log({ tool }).error({ err: error }, "tool failed");
  return "Tool failed: internal error";
}

type Checked = { input: Record<string, unknown>; permission: ToolPermission | null };

/** Schema, allowedActions and deniedFields, in that order: the refusal, or what to run. */
function check(
  env: ToolCallEnv,
  name: string,
  schema: Record<string, unknown>,
  action: string | null,
  rawInput: unknown,
): { error: string } | (Checked & { masks: FieldMask[] }) {
  const checked = validateInput(name, schema, rawInput);
  if ("error" in checked) return checked;
  const permission = env.permissions.get(name) ?? null;
  if (!actionAllowed(permission, action)) {
    // A custom tool takes no record action we could check, so a list of allowed actions
    // (without `*`) refuses it rather than guess.
    return {
      error: action
        ? `${name} is not allowed to ${action} (tool permission)`
        : `${name} is not allowed: its tool permission limits the record actions, which a custom tool's cannot be checked against`,
    };
  }
  const masks = deniedFieldMasks(permission?.deniedFields ?? []);
  // A custom tool's arguments are checked as data (the denied paths must not appear in them).
  const denied = action
    ? deniedFieldInInput(checked.input, masks)
    : deniedFieldInData(checked.input, masks);
  if (denied) return { error: `${name}: ${denied} is a denied field (tool permission)` };
  return { input: checked.input, permission, masks };
}

async function execute(env: ToolCallEnv, call: ToolCall): Promise<ToolOutcome> {
  const tool = env.tools.find((candidate) => candidate.name === call.name);
  if (!tool) return fail(`Unknown tool: ${call.name}`);
  if (env.signal.aborted) return fail(`${tool.name}: cancelled`);
  if (tool.isBuiltin) {
    const builtin = BUILTIN_TOOLS[tool.name];
    if (!builtin) return fail(`Unknown tool: ${call.name}`);
    const checked = check(env, tool.name, builtin.inputSchema, builtin.action, call.input);
    if ("error" in checked) return fail(checked.error);
    const output = await builtin.handler(checked.input, {
      db: env.db,
      actor: toolActor(env.chatActor, env.agentId, checked.permission),
      agentId: env.agentId,
      threadId: env.threadId,
      executionId: env.executionId,
      signal: env.signal,
    });
    return { ok: true, output: stripDeniedFields(output, checked.masks) };
  }
  const checked = check(env, tool.name, tool.parameters, null, call.input);
  if ("error" in checked) return fail(checked.error);
  const actor = toolActor(env.chatActor, env.agentId, checked.permission);
  const outcome = await runCustomTool(
    {
      tool,
      args: checked.input,
      context: {
        organizationId: actor.orgId,
        agentId: env.agentId,
        threadId: env.threadId,
        ...actorRef(actor),
      },
      signal: env.signal,
    },
    env.executor,
  );
  if (!outcome.ok) return outcome;
  // Its result is stripped as a record's data would be, and so are any records in it.
  const asData = stripDeniedFields({ data: outcome.output }, checked.masks).data;
  return { ok: true, output: stripDeniedFields(asData, checked.masks) };
}

/** Runs one tool call; never throws (errors are `{ok: false, error}` for the model). */
export async function executeToolCall(env: ToolCallEnv, call: ToolCall): Promise<ToolOutcome> {
  try {
    return await execute(env, call);
  } catch (error) {
    return fail(errorMessage(call.name, error));
  }
}
