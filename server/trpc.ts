import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { jsonInputProblem } from "@/lib/input-limits";
import { isOrgAdmin } from "@/server/auth/actor";
import {
  buildUserActor,
  loadActiveUser,
  resolveRequestSession,
  type Session,
} from "@/server/auth/session";
import { getDb, type Db } from "@/server/db/client";
import { AppError, toTRPCError } from "@/server/errors";
import { addLogContext, log, logContext } from "@/server/log";

// tRPC setup and the procedure ladder:
// public → authed (a signed-in, not deleted user) → org (member of the active organization,
// ctx.actor set) → admin (owner or admin of it). The organization comes from the session only.
//
// Errors: domain errors (AppError, the TRPCErrors thrown on purpose, input validation) reach the
// client as they are. Anything else (a Prisma or PostgreSQL error, a bug) is logged with the
// request id and reaches the client as "Internal server error" with that id, never its message.

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

export type TRPCContext = { db: Db; headers: Headers; session: Session | null };

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const db = getDb();
  const session = await resolveRequestSession(db, opts.headers);
  if (session) addLogContext({ orgId: session.orgId, actorType: "user", actorId: session.userId });
  return { db, headers: opts.headers, session };
}

/** A 500 whose message is not ours to show: anything but an AppError we raised. */
function isUnexpected(error: TRPCError): boolean {
  return error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof AppError);
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const unexpected = isUnexpected(error);
    // The stack comes only under `next dev`, and never for an unexpected error (it quotes it).
    const { stack, ...data } = shape.data;
    return {
      ...shape,
      message: unexpected ? INTERNAL_ERROR_MESSAGE : shape.message,
      data: {
        ...data,
        ...(stack !== undefined && !unexpected && { stack }),
        // Quote it when reporting a problem: the server's log line carries the same id.
        requestId: logContext().requestId ?? null,
        // Validation errors carry the zod issues so forms can show which field is wrong.
        zodIssues: !unexpected && cause instanceof ZodError ? cause.issues : null,
        field: cause instanceof AppError ? (cause.field ?? null) : null,
      },
    };
  },
});

const logged = new WeakSet<TRPCError>();

type CallInfo = { path?: string; type?: string };

/** Logs an unexpected error (with what it came from) and returns what the client may see. */
function reportUnexpected(error: TRPCError, call: CallInfo): TRPCError {
  log(call).error({ err: error.cause ?? error }, "tRPC call failed");
  const redacted = new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: INTERNAL_ERROR_MESSAGE,
    cause: error.cause ?? error,
  });
  logged.add(redacted);
  return redacted;
}

/**
 * For the HTTP handler's onError: logs an unexpected error that no procedure saw (one raised
 * while the context was made: the database down, a broken credential), once per request.
 */
export function reportUnloggedError(error: TRPCError, call: CallInfo): void {
  if (!isUnexpected(error) || logged.has(error)) return;
  logged.add(error);
  log(call).error({ err: error.cause ?? error }, "tRPC request failed");
}

/** Services throw AppError; it becomes the matching tRPC error here, and only here. */
const mapErrors = t.middleware(async ({ path, type, next }) => {
  const result = await next();
  if (!result.ok) {
    const error = result.error;
    const cause = error.cause;
    if (cause instanceof AppError) {
      if (cause.code === "INTERNAL_SERVER_ERROR")
        log({ path, type }).error({ err: cause }, "tRPC call failed");
      throw toTRPCError(cause);
    }
    // A unique constraint that a service did not check first (a race): a conflict, not a crash.
    if (cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === "P2002") {
      throw new TRPCError({
        code: "CONFLICT",
        message: "A record with these values already exists",
        cause,
      });
    }
    if (isUnexpected(error) && !logged.has(error)) throw reportUnexpected(error, { path, type });
  }
  return result;
});

/**
 * Input PostgreSQL could not store (a NUL, a lone surrogate) or nested deep enough to overflow
 * a validator's recursion is a bad request, refused before the procedure's own validation runs,
 * instead of failing its query as an internal error.
 */
const refuseUnstorableInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = jsonInputProblem(await getRawInput(), "The input");
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors).use(refuseUnstorableInput);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = ctx.session ? await loadActiveUser(ctx.db, ctx.session.userId) : null;
  if (!ctx.session || !user)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Not signed in" });
  return next({ ctx: { ...ctx, session: ctx.session, user } });
});

export const orgProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const orgId = ctx.session.orgId;
  const actor = orgId ? await buildUserActor(ctx.db, ctx.user.id, orgId) : null;
  if (!actor) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "No active organization: choose one you are a member of",
    });
  }
  return next({ ctx: { ...ctx, actor } });
});

export const adminProcedure = orgProcedure.use(({ ctx, next }) => {
  if (!isOrgAdmin(ctx.actor)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "Only organization owners and admins can do this",
    });
  }
  return next();
});
