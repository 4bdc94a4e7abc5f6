"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";

import { PolicyFields, usePolicyForm } from "@/components/roles/policy-fields";
import type { PolicyFormValues } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";

const NEW_POLICY: PolicyFormValues = {
  resource: "*",
  action: "read",
  effect: "allow",
  priority: "0",
};

/** Adds one policy (resource × action × effect) to a role; its rules and masks come after. */
export function AddPolicyForm({ roleId }: { roleId: string }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const add = useMutation(trpc.roles.addPolicy.mutationOptions({ onSuccess: invalidateRoles }));
  const form = usePolicyForm(NEW_POLICY, add.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = form.submittedValues();
    if (values) add.mutate({ roleId, ...values });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <PolicyFields {...form.fields} className="grid gap-3 sm:grid-cols-4" />
      {form.formError && <Alert variant="destructive">{form.formError}</Alert>}
      <div>
        <Button type="submit" variant="secondary" disabled={add.isPending}>
          {add.isPending && <Spinner label="" />}
          Add policy
        </Button>
      </div>
    </form>
  );
}
