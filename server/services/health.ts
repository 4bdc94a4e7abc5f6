import type { Db } from "@/server/db/client";

export type HealthReport = {
  status: "ok" | "degraded";
  timestamp: string;
  database: "ok" | "unreachable";
};

/** Probes the database with a trivial query; never throws. */
export async function checkHealth(
  db: Db,
  now: () => Date = () => new Date(),
): Promise<HealthReport> {
  let database: HealthReport["database"] = "ok";
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    database = "unreachable";
  }
  return {
    status: database === "ok" ? "ok" : "degraded",
    timestamp: now().toISOString(),
    database,
  };
}
