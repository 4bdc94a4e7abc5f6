"use client";

import { LoadMoreButton } from "@/components/load-more-button";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import {
  AGENT_STATUSES,
  agentsListInput,
  nextCursor,
  STATUS_LABELS,
  type AgentStatus,
} from "@/components/agents/agent-helpers";
import { AgentsTable } from "@/components/agents/agents-table";
import { NewAgentDialog } from "@/components/agents/new-agent-dialog";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type AgentsViewProps = { title: string; description: string };

/** The organization's agents, newest first, with what each runs in production. */
export function AgentsView({ title, description }: AgentsViewProps) {
  const trpc = useTRPC();
  const id = useId();
  const current = useCurrentMember();
  const [status, setStatus] = useState<AgentStatus | "">("");
  const agents = useInfiniteQuery(
    trpc.agents.list.infiniteQueryOptions(agentsListInput(status), {
      getNextPageParam: nextCursor,
      // A new filter keeps the current rows on screen until its own arrive.
      placeholderData: keepPreviousData,
    }),
  );
  const items = agents.data?.pages.flatMap((page) => page.items) ?? [];
  const emptyMessage =
    status === ""
      ? `No agents yet.${current.canManage ? " Create one to give it a prompt, a model and tools." : ""}`
      : `No ${STATUS_LABELS[status].toLowerCase()} agents.`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description}>
        {current.canManage && <NewAgentDialog />}
      </PageHeader>
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      <Card>
        <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <CardDescription>
            {current.canManage
              ? "Edit an agent's development config, then deploy it to production from Versions."
              : "Only owners and admins can create, edit or deploy agents."}
          </CardDescription>
          <div className="flex flex-col gap-1.5 sm:w-56">
            <Label htmlFor={`${id}-status`}>Status</Label>
            <Select
              id={`${id}-status`}
              value={status}
              // The options are AGENT_STATUSES and "", so the value is one of them.
              onChange={(event) => setStatus(event.target.value as AgentStatus | "")}
            >
              <option value="">Active and paused</option>
              {AGENT_STATUSES.map((option) => (
                <option key={option} value={option}>
                  {STATUS_LABELS[option]}
                </option>
              ))}
            </Select>
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-3" aria-busy={agents.isPlaceholderData}>
          {agents.isPending ? (
            <TableSkeleton label="Loading agents" />
          ) : !agents.data ? (
            <Alert variant="destructive">{errorMessage(agents.error)}</Alert>
          ) : (
            <AgentsTable agents={items} emptyMessage={emptyMessage} />
          )}
          {/* A failed "Load more" keeps the rows already shown. */}
          {agents.data && agents.isError && (
            <Alert variant="destructive">{errorMessage(agents.error)}</Alert>
          )}
          <LoadMoreButton pages={agents} />
        </CardContent>
      </Card>
    </div>
  );
}
