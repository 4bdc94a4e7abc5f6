"use client";

import { PolicyRows } from "@/components/roles/policy-rows";
import type { Policy } from "@/components/roles/role-helpers";
import { ListTable } from "@/components/list-table";

export type PoliciesTableProps = { policies: Policy[]; canManage: boolean };

export function PoliciesTable({ policies, canManage }: PoliciesTableProps) {
  // Explanations list policies by priority, highest first; the table reads the same way.
  const sorted = [...policies].sort((a, b) => b.priority - a.priority);
  return (
    <ListTable
      caption="Policies"
      emptyMessage={<>No policies: this role grants nothing (the default is deny).</>}
      rowCount={policies.length}
      columns={["Resource", "Action", "Effect", "Priority"]}
      actions={canManage}
    >
      {sorted.map((policy) => (
        <PolicyRows
          key={policy.id}
          policy={policy}
          canManage={canManage}
          columns={canManage ? 5 : 4}
        />
      ))}
    </ListTable>
  );
}
