import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { isOrgAdmin } from "@/server/auth/actor";
import {
  buildUserActor,
  loadActiveUser,
  resolveRequestSession,
  type Session,
} from "@/server/auth/session";
import { getDb, type Db } from "@/server/db/client";
import { AppError, toTRPCError } from "@/server/errors";

// tRPC setup and the procedure ladder (ARCHITECTURE.md):
// public → authed (a signed-in, not deleted user) → org (member of the active organization,
// ctx.actor set) → admin (owner or admin of it). The organization comes from the session only.

export type TRPCContext = { db: Db; headers: Headers; session: Session | null };

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const db = getDb();
  return { db, headers: opts.headers, session: await resolveRequestSession(db, opts.headers) };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Validation errors carry the zod issues so forms can show which field is wrong.
        zodIssues: cause instanceof ZodError ? cause.issues : null,
        field: cause instanceof AppError ? (cause.field ?? null) : null,
      },
    };
  },
});

/** Services throw AppError; it becomes the matching tRPC error here, and only here. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw toTRPCError(cause);
    // A unique constraint that a service did not check first (a race): a conflict, not a crash.
    if (cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === "P2002") {
      throw new TRPCError({
        code: "CONFLICT",
        message: "A record with these values already exists",
        cause,
      });
    }
  }
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors);

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
