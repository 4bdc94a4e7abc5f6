import type Anthropic from "@anthropic-ai/sdk";
import type { UIMessageChunk } from "ai";
import type { Environment, ToolPermission } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { DEFAULT_MAX_TOKENS, type ModelSettings, type ToolConfig } from "@/server/agent/config";
import { toModelMessages, type StoredMessage } from "@/server/agent/history";
import {
  modelErrorToAppError,
  streamModelCall,
  type AssembledBlock,
  type ModelUsage,
} from "@/server/agent/model-client";
import { toolNameTable } from "@/server/agent/tool-names";
import { modelToolDefinitions } from "@/server/agent/tools/registry";
import { executeToolCall } from "@/server/agent/tools/run";
import { TraceBuilder, type Span } from "@/server/agent/trace";
import { exportTrace, type OtlpTarget } from "@/server/agent/otlp";
import type { TurnRecorder } from "@/server/agent/turn-recorder";
import { actorLogContext, log } from "@/server/log";
import { endTurn, type TurnMessage, type TurnProgress } from "@/server/services/turns";
import {
  finishReasonFor,
  stopReasonFor,
  type StopReason,
  type TurnOutcome,
  type TurnStatus,
} from "@/server/agent/outcome";

// One chat turn, for every caller: call the model (streaming), run the tools it asks for, send
// the results back, until it answers without tools or a limit is reached. It writes the UI
// message stream parts as it goes and persists as it goes; it knows nothing of HTTP.

export const MAX_TOOL_ROUNDS = 10;

export type TurnSetup = {
  db: Db;
  client: Anthropic;
  /** Who is chatting: the signed-in user (playground) or the agent actor (public API). */
  chatActor: Actor;
  orgId: string;
  agent: { id: string; name: string };
  threadId: string;
  executionId: string;
  environment: Environment;
  config: { id: string; systemPrompt: string; model: ModelSettings; tools: ToolConfig[] };
  permissions: Map<string, ToolPermission>;
  /** The thread's messages before this turn (the window is cut here). */
  history: StoredMessage[];
  userText: string;
  startedAt: number;
  timeoutMs: number;
  recorder: TurnRecorder;
  traces: OtlpTarget | null;
};

const ZERO_USAGE: ModelUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

type Stop = { status: TurnStatus; stopReason: StopReason | null; error?: AppError };

/** The turn's log lines name its organization, chat actor, agent, thread and execution. */
function turnLog(setup: TurnSetup) {
  return log({
    ...actorLogContext(setup.chatActor),
    orgId: setup.orgId,
    agentId: setup.agent.id,
    threadId: setup.threadId,
    executionId: setup.executionId,
  });
}

/**
 * The request of one model call, with cache breakpoints on the tools, the system prompt and the
 * conversation so far (a long prompt is billed once per cache lifetime, not per call). No
 * sampling parameters: the current Messages API refuses them (docs/agents.md).
 */
function requestParams(
  setup: TurnSetup,
  tools: Anthropic.Tool[],
  messages: Anthropic.MessageParam[],
): Anthropic.MessageCreateParamsNonStreaming {
  const { model, systemPrompt } = setup.config;
  const cached = messages.map((message, index): Anthropic.MessageParam => {
    if (index !== messages.length - 1 || typeof message.content === "string") return message;
    const content = message.content.map((block, blockIndex) =>
      blockIndex === message.content.length - 1 &&
      (block.type === "text" || block.type === "tool_result")
        ? { ...block, cache_control: { type: "ephemeral" as const } }
        : block,
    );
    return { ...message, content } as Anthropic.MessageParam;
  });
  return {
    model: model.name,
    max_tokens: model.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(systemPrompt.trim() && {
      system: [{ type: "text", text: systemPrompt, cache_control: { type: "ephemeral" } }],
    }),
    ...(tools.length > 0 && {
      tools: tools.map((tool, index) =>
        index === tools.length - 1 ? { ...tool, cache_control: { type: "ephemeral" } } : tool,
      ),
    }),
    messages: cached,
  };
}

export async function runTurn(setup: TurnSetup): Promise<TurnOutcome> {
  const { recorder, executionId, threadId } = setup;
  const write = (part: UIMessageChunk) => recorder.write(part);
  const trace = new TraceBuilder(setup.startedAt);
  const turnSpan = trace.start(
    `invoke_agent ${setup.agent.name}`,
    "agent",
    {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.agent.id": setup.agent.id,
      "gen_ai.agent.name": setup.agent.name,
      "gen_ai.conversation.id": threadId,
    },
    true,
  );
  const usage = { ...ZERO_USAGE };
  // Tool calls run this turn (calls answered "not run" do not count).
  let toolCallCount = 0;
  const turn = { orgId: setup.orgId, threadId, executionId };

  // Cancel stops the model stream at once; tools already running finish (or time out) first.
  const cancelled = new AbortController();
  const timedOut = new AbortController();
  recorder.onCancel(() => cancelled.abort());
  const timer = setTimeout(
    () => timedOut.abort(),
    Math.max(0, setup.startedAt + setup.timeoutMs - Date.now()),
  );
  const modelSignal = AbortSignal.any([cancelled.signal, timedOut.signal]);
  recorder.startCancelWatch();

  const names = toolNameTable(setup.config.tools.map((tool) => tool.name));
  const tools = modelToolDefinitions(setup.config.tools);
  const messages = toModelMessages([
    ...setup.history,
    { role: "user", content: setup.userText, toolCalls: null, toolCallId: null, isError: false },
  ]);
  const progress = (): TurnProgress => ({
    ...usage,
    toolCallCount,
    trace: trace.toJSON(),
  });
  const abortedStop = (): Stop =>
    timedOut.signal.aborted
      ? {
          status: "timeout",
          stopReason: null,
          error: new AppError(
            "GATEWAY_TIMEOUT",
            `The turn did not finish within ${Math.round(setup.timeoutMs / 1000)} s`,
          ),
        }
      : { status: "cancelled", stopReason: "cancelled" };

  write({ type: "start", messageId: executionId, messageMetadata: { threadId, executionId } });

  let stop: Stop | null = null;
  // The last step's messages: stored with the end of the turn, in the same statement.
  let lastMessages: TurnMessage[] = [];
  try {
    for (let round = 0; stop === null; round++) {
      if (modelSignal.aborted) {
        stop = abortedStop();
        break;
      }
      write({ type: "start-step" });
      const step = await callModel(
        setup,
        trace,
        requestParams(setup, tools, messages),
        modelSignal,
        round,
        names,
        write,
      );
      addUsage(usage, step.usage);
      const text = step.content
        .flatMap((block) => (block.type === "text" ? [block.text] : []))
        .join("");
      const calls = step.content.filter(
        (block): block is Extract<AssembledBlock, { type: "tool_use" }> =>
          block.type === "tool_use",
      );
      if (step.error) {
        lastMessages = text ? [{ role: "assistant", content: text }] : [];
        write({ type: "finish-step" });
        stop = { status: "error", stopReason: null, error: step.error };
        break;
      }
      if (step.aborted) {
        lastMessages = text ? [{ role: "assistant", content: text }] : [];
        write({ type: "finish-step" });
        stop = abortedStop();
        break;
      }
      messages.push({ role: "assistant", content: step.content.map(toParam) });
      const stored: TurnMessage[] = [];
      if (text || calls.length > 0) {
        stored.push({
          role: "assistant",
          content: text,
          ...(calls.length > 0 && {
            toolCalls: calls.map((call) => ({
              id: call.id,
              name: names.get(call.name) ?? call.name,
              arguments: call.input as object,
            })),
          }),
        });
      }
      if (calls.length === 0 || step.stopReason !== "tool_use") {
        lastMessages = stored;
        write({ type: "finish-step" });
        stop = { status: "success", stopReason: stopReasonFor(step.stopReason) };
        break;
      }
      // Calls the turn will not run still get an answer: the model needs a result for each.
      const notRun =
        round >= MAX_TOOL_ROUNDS
          ? `Not run: this turn reached its limit of ${MAX_TOOL_ROUNDS} tool rounds`
          : modelSignal.aborted
            ? "Not run: the turn was stopped"
            : null;
      const outcomes = await Promise.all(
        calls.map((call) =>
          notRun !== null
            ? Promise.resolve({ ok: false as const, error: notRun })
            : runToolCall(setup, trace, call, names, timedOut.signal),
        ),
      );
      const results: Anthropic.ToolResultBlockParam[] = [];
      calls.forEach((call, index) => {
        const outcome = outcomes[index]!;
        const content = outcome.ok ? JSON.stringify(outcome.output ?? null) : outcome.error;
        if (outcome.ok)
          write({
            type: "tool-output-available",
            toolCallId: call.id,
            output: outcome.output ?? null,
          });
        else write({ type: "tool-output-error", toolCallId: call.id, errorText: outcome.error });
        stored.push({ role: "tool", content, toolCallId: call.id, isError: !outcome.ok });
        results.push({
          type: "tool_result",
          tool_use_id: call.id,
          content,
          ...(!outcome.ok && { is_error: true }),
        });
        if (notRun === null) toolCallCount++;
      });
      messages.push({ role: "user", content: results });
      if (notRun !== null && round >= MAX_TOOL_ROUNDS) {
        const note = `I stopped after ${MAX_TOOL_ROUNDS} tool rounds; the last tool calls were not run.`;
        const id = `${executionId}-limit`;
        write({ type: "text-start", id });
        write({ type: "text-delta", id, delta: note });
        write({ type: "text-end", id });
        stored.push({ role: "assistant", content: note });
        stop = { status: "success", stopReason: "max_tool_rounds" };
      } else if (notRun !== null) stop = abortedStop();
      write({ type: "finish-step" });
      if (stop === null) await recorder.flush({ turn, messages: stored, progress: progress() });
      else lastMessages = stored;
    }
  } catch (error) {
    turnLog(setup).error({ err: error }, "turn failed");
    stop = {
      status: "error",
      stopReason: null,
      error: new AppError("INTERNAL_SERVER_ERROR", "Internal server error"),
    };
  } finally {
    clearTimeout(timer);
  }

  const final: Stop = stop ?? { status: "error", stopReason: null };
  const outcomeUsage = { ...usage, totalTokens: usage.inputTokens + usage.outputTokens };
  const closing: UIMessageChunk[] = [
    ...(final.error ? [{ type: "error" as const, errorText: final.error.message }] : []),
    {
      type: "finish",
      finishReason: finishReasonFor(final.status, final.stopReason),
      messageMetadata: {
        threadId,
        executionId,
        usage: outcomeUsage,
        stopReason: final.stopReason,
        // Our own data, so a replay of the stored parts answers with the same status.
        ...(final.error && { errorCode: final.error.code }),
      },
    },
  ];
  turnSpan.end(
    final.status === "success" ? "ok" : final.status === "cancelled" ? "cancelled" : "error",
    {
      "gen_ai.usage.input_tokens": usage.inputTokens,
      "gen_ai.usage.output_tokens": usage.outputTokens,
    },
    final.error?.message,
  );
  const remaining = await recorder.finish();
  const durationMs = Date.now() - setup.startedAt;
  await endTurn(setup.db, executionId, {
    ...progress(),
    status: final.status,
    stopReason: final.stopReason,
    errorMessage: final.error?.message ?? null,
    durationMs,
    parts: [...remaining, ...closing],
    turn,
    messages: lastMessages,
  }).catch((error: unknown) => turnLog(setup).error({ err: error }, "turn end not recorded"));
  recorder.close(closing);
  if (setup.traces) {
    void exportTrace(setup.traces, trace.toJSON(), {
      organizationId: setup.orgId,
      agentId: setup.agent.id,
      executionId,
    });
  }
  return {
    threadId,
    executionId,
    status: final.status,
    stopReason: final.stopReason,
    durationMs,
  };
}

function addUsage(total: ModelUsage, call: ModelUsage) {
  total.inputTokens += call.inputTokens;
  total.outputTokens += call.outputTokens;
  total.cacheReadTokens += call.cacheReadTokens;
  total.cacheWriteTokens += call.cacheWriteTokens;
}

function toParam(block: AssembledBlock): Anthropic.ContentBlockParam {
  return block.type === "text"
    ? { type: "text", text: block.text }
    : { type: "tool_use", id: block.id, name: block.name, input: block.input ?? {} };
}

type StepResult = Awaited<ReturnType<typeof streamModelCall>> & { error?: AppError };

/** One model call as a step: its parts written as they stream, its span, errors caught. */
async function callModel(
  setup: TurnSetup,
  trace: TraceBuilder,
  params: Anthropic.MessageCreateParamsNonStreaming,
  signal: AbortSignal,
  round: number,
  names: Map<string, string>,
  write: (part: UIMessageChunk) => void,
): Promise<StepResult> {
  const span = trace.start(`chat ${params.model}`, "model", {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "anthropic",
    "gen_ai.request.model": params.model,
    "gen_ai.request.max_tokens": params.max_tokens,
  });
  const textId = (index: number) => `${setup.executionId}-${round}-${index}`;
  try {
    const result = await streamModelCall(setup.client, params, signal, {
      textStart: (index) => write({ type: "text-start", id: textId(index) }),
      textDelta: (index, delta) => write({ type: "text-delta", id: textId(index), delta }),
      textEnd: (index) => write({ type: "text-end", id: textId(index) }),
      toolStart: (_index, id, name) =>
        write({ type: "tool-input-start", toolCallId: id, toolName: names.get(name) ?? name }),
      toolInput: (_index, block) =>
        write({
          type: "tool-input-available",
          toolCallId: block.id,
          toolName: names.get(block.name) ?? block.name,
          input: block.input ?? {},
        }),
    });
    span.end(result.aborted ? "cancelled" : "ok", {
      "gen_ai.response.finish_reasons": result.stopReason ?? "aborted",
      "gen_ai.usage.input_tokens": result.usage.inputTokens,
      "gen_ai.usage.output_tokens": result.usage.outputTokens,
      "gen_ai.usage.cache_read.input_tokens": result.usage.cacheReadTokens,
      "gen_ai.usage.cache_creation.input_tokens": result.usage.cacheWriteTokens,
    });
    return result;
  } catch (error) {
    const appError = modelErrorToAppError(error);
    span.end("error", {}, appError.message);
    return {
      content: [],
      stopReason: null,
      usage: { ...ZERO_USAGE },
      aborted: false,
      error: appError,
    };
  }
}

async function runToolCall(
  setup: TurnSetup,
  trace: TraceBuilder,
  call: Extract<AssembledBlock, { type: "tool_use" }>,
  names: Map<string, string>,
  signal: AbortSignal,
) {
  const name = names.get(call.name);
  const span = trace.start(`execute_tool ${name ?? call.name}`, "tool", {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": name ?? call.name,
    "gen_ai.tool.call.id": call.id,
  });
  const outcome =
    name === undefined
      ? { ok: false as const, error: `Unknown tool: ${call.name}` }
      : call.inputError
        ? { ok: false as const, error: call.inputError }
        : await executeToolCall(
            {
              db: setup.db,
              chatActor: setup.chatActor,
              agentId: setup.agent.id,
              threadId: setup.threadId,
              executionId: setup.executionId,
              tools: setup.config.tools,
              permissions: setup.permissions,
              signal,
            },
            { id: call.id, name, input: call.input },
          );
  span.end(outcome.ok ? "ok" : "error", {}, outcome.ok ? undefined : outcome.error);
  return outcome;
}

export type { Span };
