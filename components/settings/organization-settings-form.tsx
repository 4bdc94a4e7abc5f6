"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type Organization = RouterOutputs["organizations"]["getCurrent"];
type Plan = Organization["plan"];

const PLANS: Record<Plan, string> = { free: "Free", pro: "Pro", enterprise: "Enterprise" };
const FIELDS = ["name", "slug", "plan"] as const;

function isPlan(value: string): value is Plan {
  return value in PLANS;
}

export type OrganizationSettingsFormProps = {
  organization: Organization;
  /** Owners and admins edit; members see the same fields read-only. */
  canEdit: boolean;
  /** Only an owner changes the plan (the server refuses anyone else). */
  canChangePlan: boolean;
};

/** Mount with `key={organization.id}`: the fields start from the organization once. */
export function OrganizationSettingsForm({
  organization,
  canEdit,
  canChangePlan,
}: OrganizationSettingsFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState(organization.name);
  const [slug, setSlug] = useState(organization.slug);
  const [plan, setPlan] = useState<Plan>(organization.plan);

  const update = useMutation(
    trpc.organizations.update.mutationOptions({
      onSuccess: async (saved) => {
        // Show what the server stored (it trims), not what was typed.
        setName(saved.name);
        setSlug(saved.slug);
        setPlan(saved.plan);
        // The organization name and role list also appear in users.getCurrent.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.users.getCurrent.queryKey() }),
        ]);
      },
    }),
  );
  const errors = formErrors(update.error, FIELDS);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      id: organization.id,
      name,
      slug: slug.trim(),
      ...(canChangePlan && { plan }),
    });
  }

  const planHint = canChangePlan
    ? "Only owners can change the plan."
    : "Only an owner can change the plan.";
  // The id and messages of one field, for its <FormField> and (through fieldControlProps) its
  // control.
  const field = (name: (typeof FIELDS)[number], hint?: string) => ({
    id: `${id}-${name}`,
    hint,
    error: errors.fields[name],
  });
  const nameField = field("name");
  const slugField = field(
    "slug",
    "Lower-case letters, digits and single dashes; unique across AgentForge.",
  );
  const planField = field("plan", planHint);

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormField label="Organization name" {...nameField}>
        <Input
          {...fieldControlProps(nameField.id, nameField)}
          readOnly={!canEdit}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      <FormField label="Slug" {...slugField}>
        <Input
          {...fieldControlProps(slugField.id, slugField)}
          readOnly={!canEdit}
          value={slug}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setSlug(event.target.value)}
        />
      </FormField>
      <FormField label="Plan" {...planField}>
        {canChangePlan ? (
          <Select
            {...fieldControlProps(planField.id, planField)}
            className="sm:w-60"
            value={plan}
            onChange={(event) => {
              if (isPlan(event.target.value)) setPlan(event.target.value);
            }}
          >
            {Object.entries(PLANS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        ) : (
          <Input
            {...fieldControlProps(planField.id, planField)}
            readOnly
            className="sm:w-60"
            value={PLANS[plan]}
          />
        )}
      </FormField>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      {update.isSuccess && <Alert>Settings saved.</Alert>}
      {canEdit ? (
        <div>
          <Button type="submit" disabled={update.isPending}>
            {update.isPending && <Spinner label="" />}
            Save changes
          </Button>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">
          Only owners and admins can change organization settings.
        </p>
      )}
    </form>
  );
}
