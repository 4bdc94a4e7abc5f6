import type { ReactNode } from "react";

import {
  Table,
  TableBody,
  TableCaption,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

export type ListTableProps = {
  /** Read by screen readers only: the page heading already names the list. */
  caption: string;
  columns: string[];
  /** A last column for row actions, labelled for screen readers only. */
  actions?: boolean;
  /** With `rowCount` 0, this sentence is shown instead of an empty table. */
  emptyMessage?: ReactNode;
  rowCount?: number;
  /** The rows. */
  children: ReactNode;
};

/** The dashboard's lists (API keys, members, entity types, roles, policies, assignments). */
export function ListTable({
  caption,
  columns,
  actions = false,
  emptyMessage,
  rowCount,
  children,
}: ListTableProps) {
  if (emptyMessage !== undefined && rowCount === 0) {
    return <p className="text-sm text-muted-foreground">{emptyMessage}</p>;
  }
  return (
    <Table>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHead key={column}>{column}</TableHead>
          ))}
          {actions && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
