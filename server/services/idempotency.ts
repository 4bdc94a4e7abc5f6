import type { DbClient } from "@/server/db/client";
import type { ExecutionStatus } from "@/generated/prisma/client";

// Idempotency-Key on the public API's POST routes: a repeat of a request with the same key (per
// API key) within 24 hours gets the first request's answer and runs nothing; while the first is
// still running it is refused (409 idempotency_in_progress); with another body, 422. The key,
// the body's hash and the answer (its stream parts) live on the turn's execution row.

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type TurnIdempotency = { apiKeyId: string; key: string; requestHash: string };

export type IdempotentTurn = {
  id: string;
  threadId: string | null;
  status: ExecutionStatus;
  requestHash: string | null;
};

/** What a repeated request meets: the first request's turn (running or ended). */
export class IdempotencyHit extends Error {
  constructor(
    readonly turn: IdempotentTurn,
    /** The thread the repeat had opened for its own turn, when it got that far. */
    readonly threadId?: string,
  ) {
    super("Idempotency-Key already used");
    this.name = "IdempotencyHit";
  }
}

/**
 * The turn an earlier request with this key started, within the window. A key last used before
 * the window is released (the unique index would refuse it otherwise), so it can be used again.
 */
export async function findIdempotentTurn(
  db: DbClient,
  idempotency: Pick<TurnIdempotency, "apiKeyId" | "key">,
  now = new Date(),
): Promise<IdempotentTurn | null> {
  const where = { apiKeyId: idempotency.apiKeyId, idempotencyKey: idempotency.key };
  const turn = await db.execution.findFirst({
    where,
    select: { id: true, threadId: true, status: true, requestHash: true, createdAt: true },
  });
  if (!turn) return null;
  if (turn.createdAt.getTime() < now.getTime() - IDEMPOTENCY_WINDOW_MS) {
    await db.execution.updateMany({ where: { id: turn.id }, data: { idempotencyKey: null } });
    return null;
  }
  return {
    id: turn.id,
    threadId: turn.threadId,
    status: turn.status,
    requestHash: turn.requestHash,
  };
}

/** Throws IdempotencyHit when an earlier request with this key has a turn. */
export async function assertNoIdempotentTurn(
  db: DbClient,
  idempotency: TurnIdempotency,
  threadId?: string,
) {
  const turn = await findIdempotentTurn(db, idempotency);
  if (turn) throw new IdempotencyHit(turn, threadId);
}
