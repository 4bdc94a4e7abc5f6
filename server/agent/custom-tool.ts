import type { ActorType } from "@/generated/prisma/client";
import { env } from "@/server/env";
import type { CustomToolConfig } from "@/server/agent/config";
import type { ToolOutcome } from "@/server/agent/tools/types";

// Custom tools run in the tool executor (docs/agents.md): `POST {TOOL_EXECUTOR_URL}/execute` with
// `Authorization: Bearer {TOOL_EXECUTOR_SECRET}` and `{handlerCode, args, context}`; it answers
// `{result}`. Every failure is a tool error for the model: not configured, unreachable, a
// non-2xx answer, no answer within the timeout, malformed JSON, no `result`. The secret is never
// part of an error (it is scrubbed from anything the executor says, too).

export const CUSTOM_TOOL_TIMEOUT_MS = 10_000;
/** At most this much of the executor's own error message reaches the model. */
const MAX_ERROR_CHARS = 500;

export type CustomToolContext = {
  organizationId: string;
  agentId: string;
  threadId: string;
  actorType: ActorType;
  actorId: string | null;
};

/** The executor to use instead of the environment's (tests); when given, env is not read. */
export type CustomToolOptions = {
  url: string | undefined;
  secret: string | undefined;
  timeoutMs?: number;
};

export type CustomToolCall = {
  tool: CustomToolConfig;
  args: unknown;
  context: CustomToolContext;
  /** The turn's signal: a cancelled turn aborts the request. */
  signal: AbortSignal;
};

function fromEnv(): CustomToolOptions {
  const { TOOL_EXECUTOR_URL, TOOL_EXECUTOR_SECRET } = env();
  return { url: TOOL_EXECUTOR_URL, secret: TOOL_EXECUTOR_SECRET };
}

/** What the executor said went wrong (`{error}`), shortened and without the secret. */
function executorError(body: string, secret: string): string | null {
  let message: unknown;
  try {
    message = (JSON.parse(body) as { error?: unknown }).error;
  } catch {
    return null;
  }
  if (typeof message !== "string" || message.trim() === "") return null;
  return message.replaceAll(secret, "[secret]").slice(0, MAX_ERROR_CHARS);
}

export async function runCustomTool(
  call: CustomToolCall,
  options: CustomToolOptions = fromEnv(),
): Promise<ToolOutcome> {
  const name = call.tool.name;
  const fail = (error: string): ToolOutcome => ({ ok: false, error: `${name}: ${error}` });
  if (!options.url) return fail("Custom tools are not configured (TOOL_EXECUTOR_URL)");
  if (!options.secret) return fail("Custom tools are not configured (TOOL_EXECUTOR_SECRET)");
  const secret = options.secret;
  const timeoutMs = options.timeoutMs ?? CUSTOM_TOOL_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([call.signal, timeout]);
  const aborted = () =>
    call.signal.aborted
      ? fail("cancelled")
      : fail(`the tool executor did not answer within ${timeoutMs / 1000} s`);
  let status: number;
  let body: string;
  try {
    const response = await fetch(`${options.url.replace(/\/+$/, "")}/execute`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      body: JSON.stringify({
        handlerCode: call.tool.handlerCode,
        args: call.args,
        context: call.context,
      }),
      signal,
    });
    status = response.status;
    body = await response.text();
  } catch {
    // fetch's own errors name neither the secret nor the body; none of them is passed on.
    return signal.aborted ? aborted() : fail("the tool executor could not be reached");
  }
  if (status === 401 || status === 403) {
    return fail(
      `the tool executor refused the credentials (${status}; check TOOL_EXECUTOR_SECRET)`,
    );
  }
  if (status < 200 || status > 299) {
    const said = executorError(body, secret);
    return fail(`the tool executor answered ${status}${said ? `: ${said}` : ""}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail("the tool executor's answer is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || !Object.hasOwn(parsed, "result")) {
    return fail("the tool executor's answer has no result");
  }
  return { ok: true, output: (parsed as { result: unknown }).result };
}
