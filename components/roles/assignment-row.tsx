"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormattedDate } from "@/components/formatted-date";
import type { UserRole } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TableCell, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type AssignmentRowProps = {
  assignment: UserRole;
  memberName: string;
  roleName: string;
  canManage: boolean;
};

/** "students / rec_123", "students", or "All resources". */
function scopeText(assignment: Pick<UserRole, "resourceType" | "resourceId">): string {
  if (!assignment.resourceType) return "All resources";
  return assignment.resourceId
    ? `${assignment.resourceType} / ${assignment.resourceId}`
    : assignment.resourceType;
}

export function AssignmentRow({ assignment, memberName, roleName, canManage }: AssignmentRowProps) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.roles.removeFromUser.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await invalidateRoles();
      },
    }),
  );
  const scope = scopeText(assignment);

  return (
    <TableRow>
      <TableCell className="font-medium">{memberName}</TableCell>
      <TableCell>
        <code className="font-mono text-xs">{scope}</code>
      </TableCell>
      <TableCell>
        <FormattedDate value={assignment.expiresAt} fallback="never" withTime />
      </TableCell>
      <TableCell>
        <Badge variant={assignment.expired ? "outline" : "secondary"}>
          {assignment.expired ? "expired" : "active"}
        </Badge>
      </TableCell>
      {canManage && (
        <TableCell className="text-right">
          <Button
            variant="outline"
            size="sm"
            aria-label={`Remove assignment of ${memberName}`}
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
            title="Remove assignment"
            description={`Remove the role ${roleName} from ${memberName} (${scope})? They lose what it grants at once.`}
            confirmLabel="Remove"
            onConfirm={() =>
              remove.mutate({
                roleId: assignment.roleId,
                userId: assignment.userId,
                resourceType: assignment.resourceType,
                resourceId: assignment.resourceId,
              })
            }
            pending={remove.isPending}
            error={remove.error ? errorMessage(remove.error) : null}
          />
        </TableCell>
      )}
    </TableRow>
  );
}
