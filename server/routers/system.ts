import { z } from "zod";
import { publicProcedure, router } from "@/server/trpc";
import { checkHealth } from "@/server/services/health";

const healthOutput = z.object({
  status: z.enum(["ok", "degraded"]),
  timestamp: z.string(),
  database: z.enum(["ok", "unreachable"]),
});

export const systemRouter = router({
  health: publicProcedure.output(healthOutput).query(({ ctx }) => checkHealth(ctx.db)),
});
