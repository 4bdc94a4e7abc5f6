import { removedOutput } from "@/server/routers/roles.schemas";
import {
  agentIdInput,
  agentOutput,
  agentPageOutput,
  agentSlugInput,
  agentWithConfigOutput,
  configOutput,
  configPageOutput,
  createAgentInput,
  deployInput,
  diffInput,
  diffOutput,
  listAgentsInput,
  listConfigsInput,
  rollbackInput,
  syncDevelopmentInput,
  updateAgentInput,
} from "@/server/routers/agents.schemas";
import {
  deployAgent,
  diffAgentConfigs,
  listConfigs,
  rollbackAgent,
  syncDevelopment,
} from "@/server/services/agent-configs";
import {
  createAgent,
  getAgent,
  getAgentBySlug,
  getAgentWithConfig,
  listAgents,
  removeAgent,
  updateAgent,
} from "@/server/services/agents";
import { adminProcedure, orgProcedure, router } from "@/server/trpc";

// Agents and their configs (docs/agents.md): any member reads, owners and admins change. The services
// check again and check meaning.
export const agentsRouter = router({
  list: orgProcedure
    .input(listAgentsInput)
    .output(agentPageOutput)
    .query(({ ctx, input }) => listAgents(ctx, input)),
  get: orgProcedure
    .input(agentIdInput)
    .output(agentOutput)
    .query(({ ctx, input }) => getAgent(ctx, input)),
  getBySlug: orgProcedure
    .input(agentSlugInput)
    .output(agentOutput)
    .query(({ ctx, input }) => getAgentBySlug(ctx, input)),
  getWithConfig: orgProcedure
    .input(agentIdInput)
    .output(agentWithConfigOutput)
    .query(({ ctx, input }) => getAgentWithConfig(ctx, input)),
  create: adminProcedure
    .input(createAgentInput)
    .output(agentOutput)
    .mutation(({ ctx, input }) => createAgent(ctx, input)),
  update: adminProcedure
    .input(updateAgentInput)
    .output(agentOutput)
    .mutation(({ ctx, input }) => updateAgent(ctx, input)),
  remove: adminProcedure
    .input(agentIdInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeAgent(ctx, input)),

  syncDevelopment: adminProcedure
    .input(syncDevelopmentInput)
    .output(configOutput)
    .mutation(({ ctx, input }) => syncDevelopment(ctx, input)),
  deploy: adminProcedure
    .input(deployInput)
    .output(configOutput)
    .mutation(({ ctx, input }) => deployAgent(ctx, input)),
  rollback: adminProcedure
    .input(rollbackInput)
    .output(configOutput)
    .mutation(({ ctx, input }) => rollbackAgent(ctx, input)),
  listConfigs: orgProcedure
    .input(listConfigsInput)
    .output(configPageOutput)
    .query(({ ctx, input }) => listConfigs(ctx, input)),
  diff: orgProcedure
    .input(diffInput)
    .output(diffOutput)
    .query(({ ctx, input }) => diffAgentConfigs(ctx, input)),
});
