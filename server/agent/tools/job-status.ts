import { actorRef } from "@/server/auth/actor";
import { AppError, notFound } from "@/server/errors";
import { policyFor } from "@/server/policy";
import { entityFor } from "@/server/services/entities";
import { getJobEnqueuedBy } from "@/server/services/jobs";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import { ID, serviceContext, str } from "@/server/agent/tools/shared";

// job.status (docs/agents.md, "Job tools"): only a job this agent enqueued, or one the tool's
// identity enqueued itself (an owner's job from the dashboard, in the playground), and only
// while that identity may read the record the job is about: a job's payload and result speak
// of its record. Anything else is "Job not found", as a job that does not exist.

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const jobStatus: BuiltinTool = {
  ...builtinToolInfo("job.status"),
  inputSchema: {
    type: "object",
    properties: { jobId: { ...ID, description: "The id job.enqueue returned." } },
    required: ["jobId"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const service = serviceContext(ctx);
    const job = await getJobEnqueuedBy(service, { id: str(input, "jobId")! }, [
      { actorType: "agent", actorId: ctx.agentId },
      actorRef(ctx.actor),
    ]);
    const payload = job.payload;
    const entityId =
      job.entityId ??
      (payload && typeof payload === "object" && !Array.isArray(payload)
        ? payload.entityId
        : undefined);
    if (typeof entityId === "string") {
      const policy = await policyFor(service);
      await entityFor(service, policy, entityId, "read").catch((error: unknown) => {
        // A record out of reach hides the job, not just the record.
        throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound("Job") : error;
      });
    }
    return {
      id: job.id,
      jobType: job.jobType,
      status: job.status,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      scheduledFor: iso(job.scheduledFor),
      result: job.result,
      errorMessage: job.errorMessage,
    };
  },
};
