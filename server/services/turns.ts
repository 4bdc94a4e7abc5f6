import type { DbClient } from "@/server/services/context";

// The persistence of chat turns: the `executions` row of each turn (created `running`, always
// ended), its messages and its stream parts. Everything a turn needs to be rejoined, cancelled
// or replayed is in the database, so any server instance can serve any request of a thread.

export const ABANDONED_TURN_MESSAGE = "The turn did not finish in time";

/**
 * Ends `timeout` the organization's turns still `running` past their deadline: their process
 * died (a live turn ends itself at its deadline). Called by whoever next looks at turns, so a
 * crash never leaves a thread blocked or a turn running for ever.
 */
export async function sweepAbandonedTurns(
  db: DbClient,
  orgId: string,
  where: { threadId?: string; id?: string } = {},
): Promise<number> {
  const now = new Date();
  const { count } = await db.execution.updateMany({
    where: { organizationId: orgId, status: "running", deadlineAt: { lt: now }, ...where },
    data: {
      status: "timeout",
      stopReason: null,
      errorMessage: ABANDONED_TURN_MESSAGE,
      endedAt: now,
    },
  });
  return count;
}
