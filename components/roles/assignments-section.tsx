"use client";

import { useQueries, useQuery } from "@tanstack/react-query";

import { TableSkeleton } from "@/components/table-skeleton";
import { AssignRoleForm } from "@/components/roles/assign-role-form";
import { AssignmentRow } from "@/components/roles/assignment-row";
import { Alert } from "@/components/ui/alert";
import { ListTable } from "@/components/list-table";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type AssignmentsSectionProps = {
  role: { id: string; name: string };
  canManage: boolean;
};

/** Who holds the role, for what and until when; owners and admins assign and remove it. */
export function AssignmentsSection({ role, canManage }: AssignmentsSectionProps) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  // The API lists assignments per member, not per role: ask for each member's and keep this
  // role's. Organizations are small enough that one request per member is fine.
  const perUser = useQueries({
    queries: (users.data ?? []).map((user) =>
      trpc.roles.getUserRoles.queryOptions({ userId: user.id }),
    ),
  });
  const members = (users.data ?? []).map((user) => ({
    id: user.id,
    label: user.name ? `${user.name} (${user.email})` : user.email,
  }));
  const nameOf = new Map(members.map((member) => [member.id, member.label]));
  const assignments = perUser
    .flatMap((query) => query.data ?? [])
    .filter((assignment) => assignment.roleId === role.id);
  const pending = users.isPending || perUser.some((query) => query.isPending);
  const error = users.error ?? perUser.find((query) => query.error)?.error;

  return (
    <div className="flex flex-col gap-6">
      {pending ? (
        <TableSkeleton label="Loading assignments" rows={2} />
      ) : error ? (
        <Alert variant="destructive">{errorMessage(error)}</Alert>
      ) : (
        <ListTable
          caption="Assignments"
          emptyMessage="Nobody holds this role."
          rowCount={assignments.length}
          columns={["Member", "Resource scope", "Expires", "Status"]}
          actions={canManage}
        >
          {assignments.map((assignment) => (
            <AssignmentRow
              key={assignment.id}
              assignment={assignment}
              memberName={nameOf.get(assignment.userId) ?? assignment.userId}
              roleName={role.name}
              canManage={canManage}
            />
          ))}
        </ListTable>
      )}
      {canManage && <AssignRoleForm roleId={role.id} members={members} />}
    </div>
  );
}
