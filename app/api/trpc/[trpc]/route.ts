import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_BATCH_CALLS } from "@/lib/trpc/batch";
import { REQUEST_ID_HEADER, requestIdOf } from "@/server/http/request-id";
import { isJsonRequest, isSameOriginRequest } from "@/server/http/same-origin";
import { withLogContext } from "@/server/log";
import { appRouter } from "@/server/routers/_app";
import { createTRPCContext, reportUnloggedError } from "@/server/trpc";

export const dynamic = "force-dynamic";

// The dashboard's tRPC endpoint. The session cookie authenticates every call, so only the app's
// own pages may call it: a request from another site is refused, and mutations only come as
// JSON (which a plain HTML form cannot send; tRPC itself would also take multipart/form-data and
// octet-stream bodies). Both are refused while the context is made, before any call runs; a
// batch larger than MAX_BATCH_CALLS is refused (400) before that, as tRPC reads the paths.

function refusal(req: Request): TRPCError | null {
  if (!isSameOriginRequest(req)) {
    return new TRPCError({ code: "FORBIDDEN", message: "Cross-origin requests are not allowed" });
  }
  if (req.method !== "GET" && !isJsonRequest(req)) {
    return new TRPCError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Send the body as application/json",
    });
  }
  return null;
}

async function handler(req: Request): Promise<Response> {
  const requestId = requestIdOf(req.headers);
  return withLogContext({ requestId }, async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: () => {
        const refused = refusal(req);
        if (refused) throw refused;
        return createTRPCContext({ headers: req.headers });
      },
      onError: ({ error, path, type }) => reportUnloggedError(error, { path, type }),
    });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  });
}

export { handler as GET, handler as POST };
