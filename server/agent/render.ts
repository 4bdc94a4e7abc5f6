import { createUIMessageStream, createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import type { Db } from "@/server/db/client";
import type { StartedTurn } from "@/server/agent/chat";
import { turnJsonFromParts } from "@/server/agent/outcome-from-parts";
import { liveTurns } from "@/server/agent/turn-recorder";
import { findRunningTurn, readTurnParts } from "@/server/services/turns";

// Two renderings of one turn: the AI SDK's UI message stream (server-sent events, written by the
// `ai` package's helpers) or the JSON answer. A rejoining client gets the same stream from what
// is persisted, then the rest live.

/** Proxies close idle connections: a comment line this often keeps the stream open. */
export const KEEP_ALIVE_MS = 15_000;
/** How often a rejoin on another instance than the turn's reads the turn's new parts. */
export const REJOIN_POLL_MS = 100;

export const NO_STORE = { "Cache-Control": "no-store" };
/**
 * A stream is never stored, and never transformed: a compressing proxy (or Next's own gzip)
 * would hold parts back until it has enough to compress.
 */
const STREAM_CACHE_CONTROL = "no-store, no-transform";

export function streamResponse(
  parts: AsyncIterable<UIMessageChunk> | Iterable<UIMessageChunk>,
  headers: Record<string, string> = {},
  keepAliveMs = KEEP_ALIVE_MS,
): Response {
  const stream = createUIMessageStream({
    execute: async ({ writer }) => {
      for await (const part of parts) writer.write(part);
    },
    onError: () => "Internal server error",
  });
  return createUIMessageStreamResponse({
    stream,
    headers: { ...headers, "Cache-Control": STREAM_CACHE_CONTROL },
    keepAliveMs,
  });
}

/** The live turn as a stream (the client that started it). */
export function turnStreamResponse(
  turn: StartedTurn,
  headers: Record<string, string> = {},
  keepAliveMs = KEEP_ALIVE_MS,
) {
  return streamResponse(turn.recorder.follow(), headers, keepAliveMs);
}

/** The JSON answer: 200 with the outcome, or the error status with `{error: {code, message}}`. */
export async function turnJsonResponse(turn: StartedTurn, headers: Record<string, string> = {}) {
  await turn.done;
  const { threadId, executionId } = turn;
  const { status, body } = turnJsonFromParts(turn.recorder.parts, { threadId, executionId });
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * A running turn's parts from the first: from memory when it runs in this process, otherwise
 * from its execution row, whichever instance runs it.
 */
export function followTurn(db: Db, executionId: string): AsyncIterable<UIMessageChunk> {
  return liveTurns.get(executionId)?.follow() ?? followPersistedTurn(db, executionId);
}

/** A turn's persisted parts, then the new ones as they are recorded, until it has ended. */
export async function* followPersistedTurn(
  db: Db,
  executionId: string,
  pollMs = REJOIN_POLL_MS,
): AsyncGenerator<UIMessageChunk> {
  let from = 0;
  for (;;) {
    const read = await readTurnParts(db, executionId, from);
    if (!read) return;
    for (const part of read.parts) yield part as UIMessageChunk;
    from += read.parts.length;
    if (read.status !== "running") return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Rejoins the thread's running turn as a stream, from its first part; 204 when none runs. */
export async function rejoinResponse(db: Db, orgId: string, threadId: string): Promise<Response> {
  const running = await findRunningTurn(db, orgId, threadId);
  if (!running) return new Response(null, { status: 204, headers: NO_STORE });
  return streamResponse(followTurn(db, running.id));
}
