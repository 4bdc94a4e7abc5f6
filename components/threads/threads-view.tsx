"use client";

import { LoadMoreButton } from "@/components/load-more-button";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { nextCursor } from "@/components/agents/agent-helpers";
import { AGENT_OPTIONS_LIMIT, threadsListInput } from "@/components/threads/thread-helpers";
import { ThreadsTable } from "@/components/threads/threads-table";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type ThreadsViewProps = { title: string; description: string };

/** Every conversation with the organization's agents, most recently active first. */
export function ThreadsView({ title, description }: ThreadsViewProps) {
  const trpc = useTRPC();
  const id = useId();
  const [agentId, setAgentId] = useState("");
  const [externalId, setExternalId] = useState("");
  // Typed character by character: query once it settles.
  const debouncedExternalId = useDebouncedValue(externalId, 300);
  const input = threadsListInput(agentId, debouncedExternalId);
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: AGENT_OPTIONS_LIMIT }));
  const users = useQuery(trpc.users.list.queryOptions());
  const threads = useInfiniteQuery(
    trpc.threads.list.infiniteQueryOptions(input, {
      getNextPageParam: nextCursor,
      placeholderData: keepPreviousData,
    }),
  );
  const userNames = new Map((users.data ?? []).map((user) => [user.id, user.name ?? user.email]));
  const items = threads.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = input.agentId !== undefined || input.externalId !== undefined;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description} />
      <Card>
        <CardHeader className="grid gap-3 sm:grid-cols-2">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-agent`}>Agent</Label>
            <Select
              id={`${id}-agent`}
              value={agentId}
              onChange={(event) => setAgentId(event.target.value)}
            >
              <option value="">All agents</option>
              {(agents.data?.items ?? []).map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-external`}>External id</Label>
            <Input
              id={`${id}-external`}
              value={externalId}
              placeholder="The exact id a client gave the thread"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              onChange={(event) => setExternalId(event.target.value)}
            />
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-3" aria-busy={threads.isPlaceholderData}>
          {agents.error && <Alert variant="destructive">{errorMessage(agents.error)}</Alert>}
          {threads.isPending ? (
            <TableSkeleton label="Loading threads" />
          ) : !threads.data ? (
            <Alert variant="destructive">{errorMessage(threads.error)}</Alert>
          ) : (
            <ThreadsTable
              threads={items}
              userNames={userNames}
              emptyMessage={
                filtered
                  ? "No threads match these filters."
                  : "No threads yet. Conversations appear here from the playground and the chat API."
              }
            />
          )}
          {threads.data && threads.isError && (
            <Alert variant="destructive">{errorMessage(threads.error)}</Alert>
          )}
          <LoadMoreButton pages={threads} />
        </CardContent>
      </Card>
    </div>
  );
}
