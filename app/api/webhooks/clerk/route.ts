import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { requestIdOf } from "@/server/http/request-id";
import { log, withLogContext } from "@/server/log";
import { handleClerkWebhook } from "@/server/services/clerk-webhook";

export const dynamic = "force-dynamic";

/** Clerk (Svix) deliveries; the service verifies the signature before anything is written. */
export async function POST(request: Request) {
  return withLogContext({ requestId: requestIdOf(request.headers) }, async () => {
    // The signature covers the exact bytes, so the body is read as text, never re-serialized.
    const body = await request.text();
    const result = await handleClerkWebhook(
      getDb(),
      { headers: request.headers, body },
      { signingSecret: env().CLERK_WEBHOOK_SECRET },
    );
    // One line per delivery; a failure to apply it was logged with its error by the service.
    const line = log({ deliveryId: request.headers.get("svix-id"), status: result.status });
    if ("error" in result.body) {
      if (result.status < 500)
        line.warn({ reason: result.body.error.message }, "Clerk webhook refused");
      else if (result.status === 503) line.warn("Clerk webhook is not configured");
    } else line.info({ outcome: result.body.status }, "Clerk webhook delivery");
    return Response.json(result.body, {
      status: result.status,
      headers: { "Cache-Control": "no-store" },
    });
  });
}
