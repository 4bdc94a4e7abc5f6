import Link from "next/link";

import { RelativeDate } from "@/components/agents/relative-date";
import type { Thread } from "@/components/threads/thread-helpers";
import { ListTable } from "@/components/list-table";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";

export type ThreadsTableProps = {
  threads: Thread[];
  /** Member names by user id (a thread's user is a member, or none for API-key chats). */
  userNames: Map<string, string>;
  emptyMessage: string;
};

export function ThreadsTable({ threads, userNames, emptyMessage }: ThreadsTableProps) {
  return (
    <ListTable
      caption="Threads"
      emptyMessage={emptyMessage}
      rowCount={threads.length}
      columns={["Thread", "Agent", "User", "Messages", "Last message", "Status"]}
    >
      {threads.map((thread) => (
        <TableRow key={thread.id}>
          <TableCell className="max-w-64 font-medium">
            {/* The external id is what a client knows a thread by; the id stands in without one. */}
            <Link
              href={`/threads/${thread.id}`}
              className="block truncate font-mono text-xs underline-offset-4 hover:underline focus-visible:underline"
            >
              {thread.externalId ?? thread.id}
            </Link>
            {thread.externalId === null && (
              <span className="text-xs text-muted-foreground">no external id</span>
            )}
          </TableCell>
          <TableCell>
            <Link
              href={`/agents/${thread.agent.id}`}
              className="underline-offset-4 hover:underline focus-visible:underline"
            >
              {thread.agent.name}
            </Link>
          </TableCell>
          <TableCell className="max-w-48 truncate">
            {thread.userId ? (
              (userNames.get(thread.userId) ?? (
                <span className="font-mono text-xs">{thread.userId}</span>
              ))
            ) : (
              <span className="text-muted-foreground">—</span>
            )}
          </TableCell>
          <TableCell>{thread.messageCount}</TableCell>
          <TableCell>
            <RelativeDate value={thread.lastMessageAt} fallback="none" />
          </TableCell>
          <TableCell>
            {thread.running ? (
              <Badge>Running</Badge>
            ) : (
              <span className="text-muted-foreground">Idle</span>
            )}
          </TableCell>
        </TableRow>
      ))}
    </ListTable>
  );
}
