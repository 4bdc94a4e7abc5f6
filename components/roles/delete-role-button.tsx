"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import type { Role } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type DeleteRoleButtonProps = {
  role: Pick<Role, "id" | "name">;
  onDeleted?: () => void;
};

/** Deletes a role after confirmation; the server refuses (409) while someone holds it. */
export function DeleteRoleButton({ role, onDeleted }: DeleteRoleButtonProps) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.roles.remove.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        onDeleted?.();
        await invalidateRoles();
      },
    }),
  );

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
      >
        Delete
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete role"
        description={`Delete the role ${role.name} and its policies? A role that is still assigned cannot be deleted.`}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate({ id: role.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
      />
    </>
  );
}
