import { z } from "zod";
import {
  executionIdInput,
  executionOutput,
  executionPageOutput,
  executionStatsInput,
  executionStatsOutput,
  executionWithTraceOutput,
  listExecutionsInput,
  recentExecutionsInput,
} from "@/server/routers/executions.schemas";
import {
  getExecution,
  getExecutionStats,
  getRecentExecutions,
  listExecutions,
} from "@/server/services/executions";
import { orgProcedure, router } from "@/server/trpc";

// The turns of the organization's agents, read-only: any member reads them.
export const executionsRouter = router({
  list: orgProcedure
    .input(listExecutionsInput)
    .output(executionPageOutput)
    .query(({ ctx, input }) => listExecutions(ctx, input)),
  get: orgProcedure
    .input(executionIdInput)
    .output(executionWithTraceOutput)
    .query(({ ctx, input }) => getExecution(ctx, input)),
  getStats: orgProcedure
    .input(executionStatsInput)
    .output(executionStatsOutput)
    .query(({ ctx, input }) => getExecutionStats(ctx, input)),
  getRecent: orgProcedure
    .input(recentExecutionsInput)
    .output(z.array(executionOutput))
    .query(({ ctx, input }) => getRecentExecutions(ctx, input)),
});
