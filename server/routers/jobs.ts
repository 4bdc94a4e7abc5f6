import { cancelJob, enqueueJob, retryJob } from "@/server/jobs/queue";
import { jobTypes } from "@/server/jobs/registry";
import {
  enqueueJobInput,
  enqueueJobOutput,
  jobIdInput,
  jobOutcomesInput,
  jobOutcomesOutput,
  jobOutput,
  jobPageOutput,
  jobStatsOutput,
  jobTypesOutput,
  listJobsInput,
} from "@/server/routers/jobs.schemas";
import { getJob, getJobOutcomes, getJobStats, listJobs } from "@/server/services/jobs";
import { adminProcedure, orgProcedure, router } from "@/server/trpc";

// The organization's background jobs (docs/jobs.md): any member reads them; owners and admins
// enqueue, retry and cancel (the queue checks the role and the state, and records the events).
// What a change returns is read again through the list's projection.

export const jobsRouter = router({
  list: orgProcedure
    .input(listJobsInput)
    .output(jobPageOutput)
    .query(({ ctx, input }) => listJobs(ctx, input)),
  get: orgProcedure
    .input(jobIdInput)
    .output(jobOutput)
    .query(({ ctx, input }) => getJob(ctx, input)),
  getStats: orgProcedure.output(jobStatsOutput).query(({ ctx }) => getJobStats(ctx)),
  getOutcomes: orgProcedure
    .input(jobOutcomesInput)
    .output(jobOutcomesOutput)
    .query(({ ctx, input }) => getJobOutcomes(ctx, input)),
  types: orgProcedure.output(jobTypesOutput).query(() =>
    jobTypes.map((type) => ({
      id: type.id,
      description: type.description,
      defaultPriority: type.defaultPriority,
      defaultMaxAttempts: type.defaultMaxAttempts,
    })),
  ),
  enqueue: adminProcedure
    .input(enqueueJobInput)
    .output(enqueueJobOutput)
    .mutation(async ({ ctx, input }) => {
      const { job, existing } = await enqueueJob(ctx, input);
      return { job: await getJob(ctx, { id: job.id }), existing };
    }),
  retry: adminProcedure
    .input(jobIdInput)
    .output(jobOutput)
    .mutation(async ({ ctx, input }) => getJob(ctx, { id: (await retryJob(ctx, input.id)).id })),
  cancel: adminProcedure
    .input(jobIdInput)
    .output(jobOutput)
    .mutation(async ({ ctx, input }) => getJob(ctx, { id: (await cancelJob(ctx, input.id)).id })),
});
