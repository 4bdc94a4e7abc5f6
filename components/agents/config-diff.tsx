"use client";

import { useQuery } from "@tanstack/react-query";

import { DeployDialog } from "@/components/agents/deploy-dialog";
import { diffRows, hasDifferences, type ConfigDiff } from "@/components/agents/diff-helpers";
import { ListTable } from "@/components/list-table";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { cn } from "@/lib/utils";

export type ConfigDiffPanelProps = {
  agentId: string;
  canDeploy: boolean;
  onDeployed: (message: string) => void;
};

/** Production (what runs) beside development (what a deploy would ship), and the deploy. */
export function ConfigDiffPanel({ agentId, canDeploy, onDeployed }: ConfigDiffPanelProps) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.agents.diff.queryOptions({ agentId }));

  if (diff.isPending) return <TableSkeleton label="Comparing configs" />;
  if (diff.error) return <Alert variant="destructive">{errorMessage(diff.error)}</Alert>;
  const data = diff.data;
  if (!data.to) {
    return (
      <p className="text-sm text-muted-foreground">There is no development config to deploy.</p>
    );
  }
  const differs = hasDifferences(data);

  return (
    <div className="flex flex-col gap-4">
      {differs ? (
        <DiffTable diff={data} />
      ) : (
        <p className="text-sm" role="status">
          No differences: production v{data.from?.version} runs development v{data.to.version} as it
          is.
        </p>
      )}
      {canDeploy && (
        <div className="flex flex-wrap items-center gap-3">
          <DeployDialog agentId={agentId} diff={data} disabled={!differs} onDeployed={onDeployed} />
          {!differs && <span className="text-sm text-muted-foreground">Nothing to deploy.</span>}
        </div>
      )}
    </div>
  );
}

const preClass = "max-h-72 overflow-auto font-mono text-xs whitespace-pre-wrap break-words";

function DiffTable({ diff }: { diff: ConfigDiff }) {
  const rows = diffRows(diff);
  const production = diff.from ? `Production v${diff.from.version}` : "Production (not deployed)";
  const development = `Development v${diff.to?.version}`;
  return (
    <div className="flex flex-col gap-4">
      <ListTable
        caption="Production and development compared"
        columns={["Field", production, development]}
      >
        {rows.map((row) => (
          <TableRow
            key={row.field}
            className={cn(row.changed && "bg-amber-500/10 hover:bg-amber-500/15")}
          >
            <TableCell className="align-top font-medium whitespace-nowrap">
              {row.label}
              {row.changed && (
                <Badge variant="outline" className="ml-2">
                  Changed
                </Badge>
              )}
            </TableCell>
            {/* The system prompt is long text: both columns keep its lines. */}
            <TableCell className="w-[40%] max-w-0 align-top">
              <pre className={preClass}>{row.from}</pre>
            </TableCell>
            <TableCell className="w-[40%] max-w-0 align-top">
              <pre className={preClass}>{row.to}</pre>
            </TableCell>
          </TableRow>
        ))}
      </ListTable>
      <ToolChanges diff={diff} />
    </div>
  );
}

function ToolChanges({ diff }: { diff: ConfigDiff }) {
  const groups = [
    { label: "Tools added", names: diff.toolsAdded },
    { label: "Tools removed", names: diff.toolsRemoved },
    { label: "Tools changed", names: diff.toolsChanged },
  ].filter((group) => group.names.length > 0);
  if (groups.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {groups.map((group) => (
        <div key={group.label} className="contents">
          <dt className="text-muted-foreground">{group.label}</dt>
          <dd className="flex flex-wrap gap-1.5">
            {group.names.map((name) => (
              <code key={name} className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
                {name}
              </code>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}
