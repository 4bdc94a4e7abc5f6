import { getDb } from "@/server/db/client";
import { requestIdOf } from "@/server/http/request-id";
import { log } from "@/server/log";
import { checkHealth } from "@/server/services/health";

export const dynamic = "force-dynamic";

/** Liveness and database reachability for load balancers: 503 while the database is down. */
export async function GET(request: Request) {
  const report = await checkHealth(getDb());
  if (report.database !== "ok") {
    log({ requestId: requestIdOf(request.headers) }).warn(
      { database: report.database },
      "health: degraded",
    );
  }
  return Response.json(report, {
    status: report.database === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
