import type { DbClient } from "@/server/db/client";
import { systemActor, type Actor } from "@/server/auth/actor";
import { DEFAULT_MODEL } from "@/server/agent/config";
import { BUILTIN_TOOLS } from "@/server/agent/tools/registry";
import type { PackAgent } from "@/server/packs/format";
import { configColumns, insertConfig, parseAgentConfig } from "@/server/services/agents";
import { recordEvent } from "@/server/services/events";
import type { PackLinks } from "@/server/services/packs-records";
import type { PackItem } from "@/server/services/packs-reconcile";

// A pack's agent: found by slug among the live agents, or created with development config 1
// and one tool permission per tool, each running as the pack role the agent names (a
// `configured` identity) and limited to the tool's own action. The tool permissions of an agent
// the pack created are part of the pack (drift reports them, repair restores them); an agent
// the organization already had keeps its own.

export type AgentPlan = {
  def: PackAgent;
  /** The pack role's id; null when the role is missing (drift, check only). */
  roleId: string | null;
  apply: boolean;
  links: PackLinks;
};

type Outcome = { missing: PackItem[]; created: boolean; reused: boolean };

function toolPermissionData(tool: PackAgent["tools"][number], roleId: string) {
  return {
    identityMode: "configured" as const,
    configuredRoleId: roleId,
    allowedActions:
      tool.allowedActions.length > 0 ? tool.allowedActions : [BUILTIN_TOOLS[tool.name].action],
    deniedFields: tool.deniedFields,
  };
}

async function setToolPermissions(
  tx: DbClient,
  orgId: string,
  agentId: string,
  tools: PackAgent["tools"],
  roleId: string,
) {
  for (const tool of tools) {
    const data = toolPermissionData(tool, roleId);
    await tx.toolPermission.upsert({
      where: { agentId_toolName: { agentId, toolName: tool.name } },
      create: { organizationId: orgId, agentId, toolName: tool.name, ...data },
      update: data,
    });
  }
}

export async function ensurePackAgent(
  tx: DbClient,
  orgId: string,
  eventActor: Actor,
  plan: AgentPlan,
  packId: string,
): Promise<Outcome> {
  const { def, roleId, links } = plan;
  const agent = await tx.agent.findFirst({
    where: { organizationId: orgId, slug: def.slug, status: { not: "deleted" } },
    select: { id: true, toolPermissions: true },
  });
  if (agent) {
    const reused = !links.agentIds.includes(agent.id);
    if (reused) links.agentIds.push(agent.id);
    if (!links.created.agents.includes(agent.id)) return { missing: [], created: false, reused };
    const stale = def.tools.filter((tool) => {
      const row = agent.toolPermissions.find((permission) => permission.toolName === tool.name);
      return (
        !row || row.identityMode !== "configured" || (roleId && row.configuredRoleId !== roleId)
      );
    });
    const missing = stale.map((tool) => ({
      kind: "agent" as const,
      name: def.slug,
      detail: `tool permission ${tool.name}`,
    }));
    if (plan.apply && roleId && stale.length > 0)
      await setToolPermissions(tx, orgId, agent.id, stale, roleId);
    return { missing, created: false, reused };
  }
  const missing: PackItem[] = [{ kind: "agent", name: def.slug }];
  if (!plan.apply || !roleId) return { missing, created: false, reused: false };
  const config = parseAgentConfig({
    name: def.name,
    systemPrompt: def.systemPrompt,
    model: def.model ?? { provider: "anthropic", name: DEFAULT_MODEL },
    tools: def.tools.map((tool) => ({ isBuiltin: true, name: tool.name })),
  });
  const row = await tx.agent.create({
    data: { organizationId: orgId, name: def.name, slug: def.slug, description: def.description },
    select: { id: true },
  });
  const first = await insertConfig(tx, systemActor(orgId), {
    agentId: row.id,
    environment: "development",
    columns: configColumns(config),
  });
  await tx.agent.update({ where: { id: row.id }, data: { developmentConfigId: first.id } });
  await setToolPermissions(tx, orgId, row.id, def.tools, roleId);
  links.agentIds.push(row.id);
  links.created.agents.push(row.id);
  await recordEvent(tx, eventActor, {
    eventType: "agent.created",
    payload: {
      agentId: row.id,
      name: def.name,
      slug: def.slug,
      description: def.description,
      developmentConfigId: first.id,
      version: first.version,
      packId,
    },
  });
  return { missing, created: true, reused: false };
}
