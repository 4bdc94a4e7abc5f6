import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { ToolPermission } from "@/generated/prisma/client";
import type { setToolPermissionInput } from "@/server/routers/tool-permissions.schemas";
import { badRequest, notFound } from "@/server/errors";
import { findOwnAgent } from "@/server/services/agents";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import { findOwnRole } from "@/server/services/roles";

// Tool permissions per (agent, tool) (docs/permissions.md): which identity a tool runs as (`inherit` the
// chat's actor, `system`, or a `configured` role of the organization), which actions it may
// take and which fields are stripped from its results. Any member may read them; owners and
// admins set them. An agent or role of another organization is "not found". `set` replaces the
// whole row: what it does not mention goes back to the default.

const WHAT = "manage tool permissions";

/**
 * What toolPermissions.set validates. `allowedActions` are any stored actions here: the router
 * takes record actions only, other callers (tests of the runtime) may store others, such as `*`.
 */
export type SetToolPermissionInput = Omit<
  z.output<typeof setToolPermissionInput>,
  "allowedActions"
> &
  Partial<Pick<ToolPermission, "allowedActions">>;

const toolPermissionSelect = {
  id: true,
  agentId: true,
  toolName: true,
  identityMode: true,
  configuredRoleId: true,
  configuredRole: { select: { id: true, name: true } },
  allowedActions: true,
  deniedFields: true,
  createdAt: true,
  updatedAt: true,
} as const;

const unique = (values: string[]) => [...new Set(values)];

export async function listToolPermissions(ctx: ServiceContext, input: { agentId: string }) {
  const agent = await findOwnAgent(ctx.db, ctx.actor.orgId, input.agentId);
  return ctx.db.toolPermission.findMany({
    where: { agentId: agent.id, organizationId: ctx.actor.orgId },
    orderBy: [{ toolName: "asc" }],
    select: toolPermissionSelect,
  });
}

/**
 * The agent's tool permissions by tool name, as the agent runtime applies them to tool calls
 * (no org-role check: the runtime reads them for an agent of the chat's verified organization).
 */
export async function toolPermissionsByTool(
  db: DbClient,
  orgId: string,
  agentId: string,
): Promise<Map<string, ToolPermission>> {
  const rows = await db.toolPermission.findMany({ where: { organizationId: orgId, agentId } });
  return new Map(rows.map((row) => [row.toolName, row]));
}

export async function setToolPermission(ctx: ServiceContext, input: SetToolPermissionInput) {
  requireOrgAdmin(ctx.actor, WHAT);
  const actor = ctx.actor;
  const configuredRoleId = input.configuredRoleId ?? null;
  if (input.identityMode === "configured" && configuredRoleId === null) {
    throw badRequest("A configured identity needs a role", "configuredRoleId");
  }
  if (input.identityMode !== "configured" && configuredRoleId !== null) {
    throw badRequest("Only a configured identity takes a role", "configuredRoleId");
  }
  return ctx.db.$transaction(async (tx) => {
    const agent = await findOwnAgent(tx, actor.orgId, input.agentId);
    if (configuredRoleId !== null) await findOwnRole(tx, actor.orgId, configuredRoleId);
    const data = {
      identityMode: input.identityMode,
      configuredRoleId,
      allowedActions: unique(input.allowedActions ?? []),
      deniedFields: unique(input.deniedFields ?? []),
    };
    const existing = await tx.toolPermission.count({
      where: { agentId: agent.id, toolName: input.toolName },
    });
    const permission = await tx.toolPermission.upsert({
      where: { agentId_toolName: { agentId: agent.id, toolName: input.toolName } },
      create: { organizationId: actor.orgId, agentId: agent.id, toolName: input.toolName, ...data },
      update: data,
      select: toolPermissionSelect,
    });
    await recordEvent(tx, actor, {
      eventType: "toolPermission.set",
      payload: {
        toolPermissionId: permission.id,
        agentId: agent.id,
        toolName: input.toolName,
        created: existing === 0,
        ...data,
      },
    });
    return permission;
  });
}

export async function removeToolPermission(
  ctx: ServiceContext,
  input: { agentId: string; toolName: string },
) {
  requireOrgAdmin(ctx.actor, WHAT);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const agent = await findOwnAgent(tx, actor.orgId, input.agentId);
    const permission = await tx.toolPermission.findFirst({
      where: { agentId: agent.id, organizationId: actor.orgId, toolName: input.toolName },
      select: toolPermissionSelect,
    });
    if (!permission) throw notFound("Tool permission");
    await tx.toolPermission.delete({ where: { id: permission.id } });
    await recordEvent(tx, actor, {
      eventType: "toolPermission.removed",
      payload: {
        toolPermissionId: permission.id,
        agentId: agent.id,
        toolName: permission.toolName,
        identityMode: permission.identityMode,
      },
    });
    return { id: permission.id, removed: true as const };
  });
}
