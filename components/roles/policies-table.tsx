"use client";

import { PolicyRows } from "@/components/roles/policy-rows";
import type { Policy } from "@/components/roles/role-helpers";
import {
  Table,
  TableBody,
  TableCaption,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

export type PoliciesTableProps = { policies: Policy[]; canManage: boolean };

export function PoliciesTable({ policies, canManage }: PoliciesTableProps) {
  if (policies.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No policies: this role grants nothing (the default is deny).
      </p>
    );
  }
  // Explanations list policies by priority, highest first; the table reads the same way.
  const sorted = [...policies].sort((a, b) => b.priority - a.priority);
  return (
    <Table>
      <TableCaption className="sr-only">Policies</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Resource</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Effect</TableHead>
          <TableHead>Priority</TableHead>
          {canManage && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {sorted.map((policy) => (
          <PolicyRows
            key={policy.id}
            policy={policy}
            canManage={canManage}
            columns={canManage ? 5 : 4}
          />
        ))}
      </TableBody>
    </Table>
  );
}
