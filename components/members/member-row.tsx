"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormattedDate } from "@/components/formatted-date";
import { useInvalidateMembers } from "@/components/members/use-invalidate-members";
import { RoleBadge } from "@/components/role-badge";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { TableCell, TableRow } from "@/components/ui/table";
import { assignableRoles, isOrgRole, ORG_ROLE_LABELS, type OrgRole } from "@/lib/org-roles";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

export type Member = RouterOutputs["memberships"]["list"][number];

export type MemberRowProps = {
  member: Member;
  isYou: boolean;
  /** The signed-in user's role; undefined while unknown (then nothing is editable). */
  actorRole: OrgRole | undefined;
  /** Whether the table shows the actions column at all. */
  showActions: boolean;
  organizationName: string;
};

export function MemberRow({
  member,
  isYou,
  actorRole,
  showActions,
  organizationName,
}: MemberRowProps) {
  const trpc = useTRPC();
  const invalidateMembers = useInvalidateMembers();
  const errorId = useId();
  const [confirming, setConfirming] = useState(false);

  const changeRole = useMutation(
    trpc.memberships.changeRole.mutationOptions({ onSuccess: invalidateMembers }),
  );
  const remove = useMutation(
    trpc.memberships.remove.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await invalidateMembers();
      },
    }),
  );

  // Mirrors the server's rules so members only see controls that can work: only an owner
  // touches owners, and your own membership is changed by leaving, not from this table.
  const roles = assignableRoles(actorRole);
  const manageable =
    !isYou && roles.length > 0 && (member.role !== "owner" || actorRole === "owner");
  const displayName = member.user.name ?? member.user.email;

  return (
    <TableRow>
      <TableCell className="font-medium">
        {member.user.name ?? <span className="text-muted-foreground">No name</span>}
        {isYou && <span className="ml-1 text-muted-foreground">(you)</span>}
      </TableCell>
      <TableCell>{member.user.email}</TableCell>
      <TableCell>
        {manageable ? (
          <div className="flex flex-col gap-1">
            <div className="flex items-center gap-2">
              <Select
                aria-label={`Role of ${displayName}`}
                className="h-8 w-28"
                value={changeRole.isPending ? changeRole.variables.role : member.role}
                disabled={changeRole.isPending}
                aria-invalid={changeRole.error ? true : undefined}
                aria-describedby={changeRole.error ? errorId : undefined}
                onChange={(event) => {
                  const role = event.target.value;
                  if (isOrgRole(role)) changeRole.mutate({ userId: member.user.id, role });
                }}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {ORG_ROLE_LABELS[role]}
                  </option>
                ))}
              </Select>
              {changeRole.isPending && <Spinner label="Saving role" />}
            </div>
            <FieldError
              id={errorId}
              role="alert"
              message={changeRole.error ? errorMessage(changeRole.error) : null}
            />
          </div>
        ) : (
          <RoleBadge role={member.role} />
        )}
      </TableCell>
      <TableCell>
        <FormattedDate value={member.createdAt} />
      </TableCell>
      {showActions && (
        <TableCell className="text-right">
          {manageable && (
            <>
              <Button
                variant="outline"
                size="sm"
                onClick={() => {
                  remove.reset();
                  setConfirming(true);
                }}
              >
                Remove
              </Button>
              <ConfirmDialog
                open={confirming}
                onOpenChange={setConfirming}
                title="Remove member"
                description={`Remove ${displayName} from ${organizationName}? They lose access at once.`}
                confirmLabel="Remove"
                onConfirm={() => remove.mutate({ userId: member.user.id })}
                pending={remove.isPending}
                error={remove.error ? errorMessage(remove.error) : null}
              />
            </>
          )}
        </TableCell>
      )}
    </TableRow>
  );
}
