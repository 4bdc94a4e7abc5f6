import Link from "next/link";

import { versionLabel, type Agent } from "@/components/agents/agent-helpers";
import { AgentStatusBadge } from "@/components/agents/agent-status-badge";
import { RelativeDate } from "@/components/agents/relative-date";
import { FormattedDate } from "@/components/formatted-date";
import { ListTable } from "@/components/list-table";
import { TableCell, TableRow } from "@/components/ui/table";

export type AgentsTableProps = { agents: Agent[]; emptyMessage: string };

export function AgentsTable({ agents, emptyMessage }: AgentsTableProps) {
  return (
    <ListTable
      caption="Agents"
      emptyMessage={emptyMessage}
      rowCount={agents.length}
      columns={["Name", "Slug", "Status", "Production", "Development", "Last turn"]}
    >
      {agents.map((agent) => (
        <TableRow key={agent.id}>
          <TableCell className="font-medium">
            <Link
              href={`/agents/${agent.id}`}
              className="underline-offset-4 hover:underline focus-visible:underline"
            >
              {agent.name}
            </Link>
          </TableCell>
          <TableCell>
            <code className="font-mono text-xs">{agent.slug}</code>
          </TableCell>
          <TableCell>
            <AgentStatusBadge status={agent.status} />
          </TableCell>
          <TableCell>
            {agent.production ? (
              <span className="flex flex-col">
                <span>{versionLabel(agent.production)}</span>
                <span className="text-xs text-muted-foreground">
                  <FormattedDate value={agent.production.deployedAt} />
                </span>
              </span>
            ) : (
              <span className="text-muted-foreground">not deployed</span>
            )}
          </TableCell>
          <TableCell>{versionLabel(agent.development)}</TableCell>
          <TableCell>
            <RelativeDate value={agent.lastTurnAt} />
          </TableCell>
        </TableRow>
      ))}
    </ListTable>
  );
}
