"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { ConfigDiffPanel } from "@/components/agents/config-diff";
import { ConfigHistory } from "@/components/agents/config-history";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";

/** The Versions tab: what a deploy would change, the deploy itself, and the history. */
export function VersionsView({ id }: { id: string }) {
  const trpc = useTRPC();
  const agent = useQuery(trpc.agents.get.queryOptions({ id }));
  const current = useCurrentMember();
  // A deleted agent's history stays readable; nothing is deployed any more.
  const canManage =
    current.canManage && agent.data !== undefined && agent.data.status !== "deleted";
  const [feedback, setFeedback] = useState<string | null>(null);

  return (
    <div className="flex flex-col gap-6">
      {feedback && <Alert>{feedback}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Development and production
          </CardTitle>
          <CardDescription>
            {canManage
              ? "Production runs for live keys (af_live_…); deploying copies the development config into a new production version."
              : "Only owners and admins can deploy or roll back."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ConfigDiffPanel agentId={id} canDeploy={canManage} onDeployed={setFeedback} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            History
          </CardTitle>
          <CardDescription>
            Every saved development config and every deploy; a rollback deploys an earlier
            production version again, as a new one.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ConfigHistory agentId={id} canRollback={canManage} onRolledBack={setFeedback} />
        </CardContent>
      </Card>
    </div>
  );
}
