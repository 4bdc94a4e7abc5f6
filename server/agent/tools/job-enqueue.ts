import type { AgentActor } from "@/server/auth/actor";
import { JOB_LIMITS } from "@/server/jobs/limits";
import { enqueueJob } from "@/server/jobs/queue";
import { jobTypeIds } from "@/server/jobs/registry";
import { policyFor } from "@/server/policy";
import { entityFor } from "@/server/services/entities";
import type { BuiltinTool, ToolContext } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import { ID, JSON_OBJECT, num, obj, serviceContext, str } from "@/server/agent/tools/shared";

// job.enqueue (docs/agents.md, "Job tools"). Two identities take part, so neither widens the
// other. The tool's identity (its tool permission: inherit, system or configured) is what is
// authorized: it must be allowed to change each record the job names, and a job naming no
// record needs a create policy on every resource, as event.emit does. The job itself is always
// enqueued by the agent (an agent actor acting on behalf of that identity): handlers run as the
// organization's system actor, so what a job may do is decided here, and the audit trail and
// job.status name the agent that asked.

/** The agent that asks: the tool's own agent actor when it runs as one, else on behalf of it. */
export function enqueuingAgent(ctx: ToolContext): AgentActor {
  if (ctx.actor.type === "agent" && ctx.actor.agentId === ctx.agentId) return ctx.actor;
  return {
    type: "agent",
    agentId: ctx.agentId,
    orgId: ctx.actor.orgId,
    roleIds: [],
    onBehalfOf: ctx.actor,
  };
}

/** The records a job names: its `entityId` and its payload's `entityId` (once each). */
function namedEntities(entityId: string | undefined, payload: Record<string, unknown>): string[] {
  const ids = [entityId, payload.entityId].filter(
    (id): id is string => typeof id === "string" && id.length > 0,
  );
  return [...new Set(ids)];
}

export const jobEnqueue: BuiltinTool = {
  ...builtinToolInfo("job.enqueue"),
  inputSchema: {
    type: "object",
    properties: {
      jobType: {
        type: "string",
        enum: [...jobTypeIds],
        maxLength: 100,
        description: "The kind of job, e.g. `entity.process`.",
      },
      payload: { ...JSON_OBJECT, description: 'What the job works on, e.g. {"entityId": "..."}.' },
      priority: {
        type: "integer",
        minimum: JOB_LIMITS.priority.min,
        maximum: JOB_LIMITS.priority.max,
        description: "Higher runs first among due jobs (default: the job type's).",
      },
      idempotencyKey: {
        type: "string",
        minLength: 1,
        maxLength: JOB_LIMITS.idempotencyKeyLength,
        description: "A key that makes retrying this call safe: one job per key.",
      },
      entityId: { ...ID, description: "The record the job is about, if any." },
    },
    required: ["jobType"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const service = serviceContext(ctx);
    const payload = obj(input, "payload") ?? {};
    const entityId = str(input, "entityId");
    const policy = await policyFor(service);
    const named = namedEntities(entityId, payload);
    if (named.length === 0) policy.assert("*", "create");
    for (const id of named) await entityFor(service, policy, id, "update");
    const { job, existing } = await enqueueJob(
      { db: ctx.db, actor: enqueuingAgent(ctx) },
      {
        jobType: str(input, "jobType")!,
        payload,
        priority: num(input, "priority"),
        idempotencyKey: str(input, "idempotencyKey"),
        // A payload naming its record links the job to it (the Jobs page shows the link).
        entityId: entityId ?? named[0],
      },
    );
    return { id: job.id, existing };
  },
};
