"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { PolicyFields, usePolicyForm } from "@/components/roles/policy-fields";
import {
  changedPolicyValues,
  policyFormValues,
  policyLabel,
  type Policy,
  type PolicyFormValues,
  type PolicyValues,
} from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Changes a policy in place: removing and adding it again would lose its scope rules and field
 * masks.
 */
export function EditPolicyDialog({ policy }: { policy: Policy }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const [open, setOpen] = useState(false);
  const update = useMutation(
    trpc.roles.updatePolicy.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await invalidateRoles();
      },
    }),
  );
  const label = policyLabel(policy);

  function onOpenChange(next: boolean) {
    // Closing mid-request would hide the outcome; the dialog stays until the request ends.
    if (update.isPending && !next) return;
    if (next) update.reset();
    setOpen(next);
  }

  function save(values: PolicyValues) {
    const changes = changedPolicyValues(policy, values);
    if (Object.keys(changes).length === 0) setOpen(false);
    else update.mutate({ id: policy.id, ...changes });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Edit policy ${label}`}>
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit policy</DialogTitle>
          <DialogDescription>
            <code className="font-mono">{label}</code>: its scope rules and field masks stay as they
            are.
          </DialogDescription>
        </DialogHeader>
        {/* Mounted with the dialog's content, so each opening starts from the saved policy. */}
        <EditPolicyForm
          initial={policyFormValues(policy)}
          onSave={save}
          pending={update.isPending}
          error={update.error}
        />
      </DialogContent>
    </Dialog>
  );
}

type EditPolicyFormProps = {
  initial: PolicyFormValues;
  onSave: (values: PolicyValues) => void;
  pending: boolean;
  error: unknown;
};

function EditPolicyForm({ initial, onSave, pending, error }: EditPolicyFormProps) {
  const form = usePolicyForm(initial, error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = form.submittedValues();
    if (values) onSave(values);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <PolicyFields {...form.fields} className="grid gap-3 sm:grid-cols-2" />
      {form.formError && <Alert variant="destructive">{form.formError}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending && <Spinner label="" />}
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}
