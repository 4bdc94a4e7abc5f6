import type { Actor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import type { PolicyAction } from "@/server/policy";
import type { BuiltinToolName } from "@/server/agent/tools/names";

/** A JSON Schema object, as sent to the model as a tool's `input_schema`. */
export type ToolInputSchema = { type: "object"; [key: string]: unknown };

/** What a tool handler runs with: the identity its tool permission chose, and the turn. */
export type ToolContext = {
  db: Db;
  /** The identity the tool runs as (inherit: the chat's actor; system; configured role). */
  actor: Actor;
  agentId: string;
  threadId: string;
  executionId: string;
  /** Aborted when the turn is cancelled or times out. */
  signal: AbortSignal;
};

export type BuiltinTool = {
  name: BuiltinToolName;
  description: string;
  inputSchema: ToolInputSchema;
  /** The record action the tool takes, checked against the tool permission's allowedActions. */
  action: PolicyAction;
  handler: (input: Record<string, unknown>, ctx: ToolContext) => Promise<unknown>;
};

/** A tool call's outcome: what goes back to the model (errors as `is_error` tool results). */
export type ToolOutcome = { ok: true; output: unknown } | { ok: false; error: string };
