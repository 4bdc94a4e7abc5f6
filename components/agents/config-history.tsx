"use client";

import { LoadMoreButton } from "@/components/load-more-button";
import { useInfiniteQuery } from "@tanstack/react-query";

import { HISTORY_PAGE_SIZE, nextCursor } from "@/components/agents/agent-helpers";
import { RollbackButton } from "@/components/agents/rollback-button";
import { FormattedDate } from "@/components/formatted-date";
import { ListTable } from "@/components/list-table";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type ConfigHistoryProps = {
  agentId: string;
  canRollback: boolean;
  onRolledBack: (message: string) => void;
};

/** Every config version of both environments, newest first. */
export function ConfigHistory({ agentId, canRollback, onRolledBack }: ConfigHistoryProps) {
  const trpc = useTRPC();
  const history = useInfiniteQuery(
    trpc.agents.listConfigs.infiniteQueryOptions(
      { agentId, limit: HISTORY_PAGE_SIZE },
      { getNextPageParam: nextCursor },
    ),
  );
  if (history.isPending) return <TableSkeleton label="Loading versions" />;
  if (!history.data) return <Alert variant="destructive">{errorMessage(history.error)}</Alert>;
  const items = history.data.pages.flatMap((page) => page.items);
  const byId = new Map(items.map((item) => [item.id, item]));
  // A source older than the loaded pages is still named, by a short id.
  const sourceLabel = (id: string | null) => {
    if (id === null) return "—";
    const source = byId.get(id);
    return source ? `${source.environment} v${source.version}` : `config ${id.slice(0, 8)}…`;
  };

  return (
    <div className="flex flex-col gap-3">
      <ListTable
        caption="Config versions"
        emptyMessage="No versions yet."
        rowCount={items.length}
        columns={["Environment", "Version", "Status", "By", "When", "Copied from"]}
        actions={canRollback}
      >
        {items.map((config) => (
          <TableRow key={config.id}>
            <TableCell>
              <Badge variant={config.environment === "production" ? "default" : "secondary"}>
                {config.environment}
              </Badge>
            </TableCell>
            <TableCell className="font-medium">v{config.version}</TableCell>
            <TableCell>{config.current && <Badge variant="outline">Current</Badge>}</TableCell>
            <TableCell className="max-w-48 truncate">
              {config.deployedBy ? (config.deployedBy.name ?? config.deployedBy.email) : "—"}
            </TableCell>
            <TableCell>
              <FormattedDate value={config.createdAt} withTime />
            </TableCell>
            <TableCell>{sourceLabel(config.sourceConfigId)}</TableCell>
            {canRollback && (
              <TableCell className="text-right">
                {config.environment === "production" && !config.current && (
                  <RollbackButton agentId={agentId} config={config} onRolledBack={onRolledBack} />
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </ListTable>
      {history.isError && <Alert variant="destructive">{errorMessage(history.error)}</Alert>}
      <LoadMoreButton pages={history} />
    </div>
  );
}
