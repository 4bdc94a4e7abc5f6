"use client";

import { useQuery } from "@tanstack/react-query";

import { AgentDetailsForm } from "@/components/agents/agent-details-form";
import { ConfigForm } from "@/components/agents/config-form";
import { DeleteAgentButton } from "@/components/agents/delete-agent-button";
import { ToolPermissionsSection } from "@/components/agents/tool-permissions-section";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

/** The Editor tab: the agent, its development config and its tool permissions. */
export function AgentEditorView({ id }: { id: string }) {
  const trpc = useTRPC();
  const agent = useQuery(trpc.agents.getWithConfig.queryOptions({ id }));
  const current = useCurrentMember();

  if (agent.isPending || current.isPending) return <TableSkeleton label="Loading agent" />;
  if (agent.error) return <Alert variant="destructive">{errorMessage(agent.error)}</Alert>;
  const data = agent.data;
  const deleted = data.status === "deleted";
  const canEdit = current.canManage && !deleted;
  const dev = data.developmentConfig;

  return (
    <div className="flex flex-col gap-6">
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      {deleted ? (
        <Alert variant="warning">
          This agent is deleted: it answers no chats, and its configs and threads are kept
          read-only.
        </Alert>
      ) : (
        !current.canManage && (
          <Alert>Only owners and admins can edit agents; you see this one read-only.</Alert>
        )
      )}
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Agent
          </CardTitle>
          <CardDescription>The slug cannot change: API keys and clients name it.</CardDescription>
        </CardHeader>
        <CardContent>
          <AgentDetailsForm agent={data} canEdit={canEdit} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Development config
          </CardTitle>
          <CardDescription>
            {dev ? `Version ${dev.version}. ` : "No development config yet. "}
            Test keys (af_test_…) and the playground use it; saving makes a new version, and
            production changes only when you deploy from Versions.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ConfigForm agent={data} canEdit={canEdit} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Tool permissions
          </CardTitle>
          <CardDescription>
            Which identity each tool runs as, which actions it may take and which fields it never
            returns. They apply in both environments as soon as they are saved.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {/* The API lists permissions of live agents only. */}
          {deleted ? (
            <p className="text-sm text-muted-foreground">
              A deleted agent&apos;s tool permissions are not shown.
            </p>
          ) : (
            <ToolPermissionsSection agent={data} canEdit={canEdit} />
          )}
        </CardContent>
      </Card>
      {canEdit && (
        <Card className="border-destructive/40">
          <CardHeader>
            <CardTitle role="heading" aria-level={2}>
              Delete agent
            </CardTitle>
            <CardDescription>
              The agent stops answering at once; its history stays for the audit log.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <DeleteAgentButton agent={data} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
