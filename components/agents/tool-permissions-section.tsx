"use client";

import { useQuery } from "@tanstack/react-query";

import type { AgentWithConfig } from "@/components/agents/agent-helpers";
import { permissionTools } from "@/components/agents/tool-permission-helpers";
import { ToolPermissionForm } from "@/components/agents/tool-permission-form";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type ToolPermissionsSectionProps = { agent: AgentWithConfig; canEdit: boolean };

/**
 * A permission form per tool of the saved configs. Permissions are per tool name and apply in
 * both environments, so a tool only production still lists is here too.
 */
export function ToolPermissionsSection({ agent, canEdit }: ToolPermissionsSectionProps) {
  const trpc = useTRPC();
  const permissions = useQuery(trpc.toolPermissions.list.queryOptions({ agentId: agent.id }));
  // Any member may list roles; the names label a configured identity.
  const roles = useQuery(trpc.roles.list.queryOptions());

  if (permissions.isPending) return <TableSkeleton label="Loading tool permissions" rows={2} />;
  if (permissions.error) {
    return <Alert variant="destructive">{errorMessage(permissions.error)}</Alert>;
  }
  const development = agent.developmentConfig?.tools ?? [];
  const names = new Set(development.map((tool) => tool.name));
  const productionOnly = (agent.productionConfig?.tools ?? []).filter(
    (tool) => !names.has(tool.name),
  );
  const tools = permissionTools([...development, ...productionOnly], permissions.data);

  return (
    <div className="flex flex-col gap-3">
      {roles.error && <Alert variant="destructive">{errorMessage(roles.error)}</Alert>}
      {tools.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          The saved config lists no tools yet. Tick a built-in tool or add a custom one, save the
          development config, and set its permission here.
        </p>
      ) : (
        tools.map((tool) => (
          <ToolPermissionForm
            key={tool.name}
            agentId={agent.id}
            tool={tool}
            roles={roles.data ?? []}
            canEdit={canEdit}
          />
        ))
      )}
    </div>
  );
}
