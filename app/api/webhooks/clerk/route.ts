import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { handleClerkWebhook } from "@/server/services/clerk-webhook";

export const dynamic = "force-dynamic";

/** Clerk (Svix) deliveries; the service verifies the signature before anything is written. */
export async function POST(request: Request) {
  // The signature covers the exact bytes, so the body is read as text, never re-serialized.
  const body = await request.text();
  const result = await handleClerkWebhook(
    getDb(),
    { headers: request.headers, body },
    { signingSecret: env().CLERK_WEBHOOK_SECRET },
  );
  return Response.json(result.body, {
    status: result.status,
    headers: { "Cache-Control": "no-store" },
  });
}
