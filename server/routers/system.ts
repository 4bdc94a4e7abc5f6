import { z } from "zod";
import { activeJobRunner } from "@/server/jobs/runner-mode";
import { authedProcedure, router } from "@/server/trpc";
import { checkHealth } from "@/server/services/health";

const healthOutput = z.object({
  status: z.enum(["ok", "degraded"]),
  timestamp: z.string(),
  database: z.enum(["ok", "unreachable"]),
  /** What runs this process's jobs (docs/jobs.md), for the Overview's status card. */
  jobRunner: z.enum(["inngest", "local", "none"]),
});

export const systemRouter = router({
  // Signed-in callers only: how jobs run is the deployment's business. Load balancers have the
  // keyless GET /health.
  health: authedProcedure
    .output(healthOutput)
    .query(async ({ ctx }) => ({ ...(await checkHealth(ctx.db)), jobRunner: activeJobRunner() })),
});
