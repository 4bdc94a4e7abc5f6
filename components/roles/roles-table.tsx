"use client";

import Link from "next/link";

import { FormattedDate } from "@/components/formatted-date";
import { DeleteRoleButton } from "@/components/roles/delete-role-button";
import { RoleDialog } from "@/components/roles/role-dialog";
import type { Role } from "@/components/roles/role-helpers";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListTable } from "@/components/list-table";
import { TableCell, TableRow } from "@/components/ui/table";

export type RolesTableProps = { roles: Role[]; canManage: boolean };

export function RolesTable({ roles, canManage }: RolesTableProps) {
  return (
    <ListTable
      caption="Roles"
      emptyMessage={
        <>No roles yet.{canManage && " Create one, then add the policies it grants."}</>
      }
      rowCount={roles.length}
      columns={["Name", "Description", "Policies", "Assigned", "Updated"]}
      actions={canManage}
    >
      {roles.map((role) => (
        <TableRow key={role.id}>
          <TableCell className="font-medium">
            <div className="flex items-center gap-2">
              <Link
                href={`/roles/${role.id}`}
                className="underline-offset-4 hover:underline focus-visible:underline"
              >
                {role.name}
              </Link>
              {role.isSystem && <Badge variant="secondary">System</Badge>}
            </div>
          </TableCell>
          <TableCell className="max-w-96 truncate text-muted-foreground">
            {role.description || "—"}
          </TableCell>
          <TableCell>{role.policyCount}</TableCell>
          <TableCell title="Assignments in force (not expired)">
            {role.activeAssignmentCount}
          </TableCell>
          <TableCell>
            <FormattedDate value={role.updatedAt} />
          </TableCell>
          {canManage && (
            <TableCell>
              {/* System roles are part of the platform's contract: neither renamed nor deleted. */}
              {!role.isSystem && (
                <div className="flex justify-end gap-2">
                  <RoleDialog
                    role={role}
                    trigger={
                      <Button variant="outline" size="sm">
                        Edit
                      </Button>
                    }
                  />
                  <DeleteRoleButton role={role} />
                </div>
              )}
            </TableCell>
          )}
        </TableRow>
      ))}
    </ListTable>
  );
}
