"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { DeleteButton } from "@/components/delete-button";
import type { Role } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { useTRPC } from "@/lib/trpc/client";

/** Deletes a role after confirmation; the server refuses (409) while someone holds it. */
export function DeleteRoleButton({
  role,
  onDeleted,
}: {
  role: Pick<Role, "id" | "name">;
  onDeleted?: () => void;
}) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.roles.remove.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        onDeleted?.();
        await invalidateRoles();
      },
    }),
  );
  return (
    <DeleteButton
      title="Delete role"
      description={`Delete the role ${role.name} and its policies? A role that is still assigned cannot be deleted.`}
      remove={{ ...remove, mutate: () => remove.mutate({ id: role.id }) }}
      open={open}
      onOpenChange={setOpen}
    />
  );
}
