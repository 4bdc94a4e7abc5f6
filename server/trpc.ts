import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Db } from "@/server/db/client";

// tRPC setup. The procedure ladder (authed → org → admin) grows on top of `publicProcedure` as
// identity lands; every procedure receives the same context shape.

export type TRPCContext = { db: Db; headers: Headers };

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  return { db: getDb(), headers: opts.headers };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Validation errors carry the zod issues so forms can show which field is wrong.
    return {
      ...shape,
      data: {
        ...shape.data,
        zodIssues: error.cause instanceof ZodError ? error.cause.issues : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;
export const publicProcedure = t.procedure;
