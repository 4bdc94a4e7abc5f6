"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

import { RoleForm, type RoleFormValues } from "@/components/roles/role-form";
import type { Role } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { useTRPC } from "@/lib/trpc/client";

export type RoleDialogProps = {
  /** The role to edit; without it the dialog creates one. */
  role?: Pick<Role, "id" | "name" | "description">;
  trigger: ReactNode;
};

/** "New role" or "Edit role": a dialog around the role form. */
export function RoleDialog({ role, trigger }: RoleDialogProps) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const [open, setOpen] = useState(false);
  // A fresh form (current values, no stale error) every time the dialog opens.
  const [formKey, setFormKey] = useState(0);
  const onSuccess = async () => {
    setOpen(false);
    await invalidateRoles();
  };
  const create = useMutation(trpc.roles.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.roles.update.mutationOptions({ onSuccess }));
  const mutation = role ? update : create;

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) {
      create.reset();
      update.reset();
      setFormKey((key) => key + 1);
    }
  }

  function submit(values: RoleFormValues) {
    // An emptied description is stored as none rather than as an empty string.
    const description = values.description || null;
    if (role) update.mutate({ id: role.id, name: values.name, description });
    else create.mutate({ name: values.name, description });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{role ? "Edit role" : "New role"}</DialogTitle>
          <DialogDescription>
            A role is a named set of policies; assign it to members, or name it{" "}
            <code className="font-mono">agent</code> to govern public-API agents.
          </DialogDescription>
        </DialogHeader>
        <RoleForm
          key={formKey}
          initial={role ? { name: role.name, description: role.description ?? "" } : undefined}
          submitLabel={role ? "Save" : "Create role"}
          onSubmit={submit}
          pending={mutation.isPending}
          error={mutation.error}
        />
      </DialogContent>
    </Dialog>
  );
}
