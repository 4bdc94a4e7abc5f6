import { getDb } from "@/server/db/client";
import { checkHealth } from "@/server/services/health";

export const dynamic = "force-dynamic";

/** Liveness and database reachability for load balancers: 503 while the database is down. */
export async function GET() {
  const report = await checkHealth(getDb());
  return Response.json(report, {
    status: report.database === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
