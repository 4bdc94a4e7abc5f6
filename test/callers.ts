import { appRouter } from "@/server/routers/_app";
import { createCallerFactory, type TRPCContext } from "@/server/trpc";
import { testDb } from "@/test/db";

const createCaller = createCallerFactory(appRouter);

/**
 * A tRPC caller for a signed-in user with an active organization: the real procedure ladder
 * runs (user lookup, membership, org role), only the credential check is skipped.
 */
export function callerFor(session: { userId: string; orgId: string | null } | null) {
  const ctx: TRPCContext = { db: testDb(), headers: new Headers(), session };
  return createCaller(ctx);
}

export type Caller = ReturnType<typeof callerFor>;
