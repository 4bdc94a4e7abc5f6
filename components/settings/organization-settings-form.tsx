"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type Organization = RouterOutputs["organizations"]["getCurrent"];
type Plan = Organization["plan"];

const PLANS: Record<Plan, string> = { free: "Free", pro: "Pro", enterprise: "Enterprise" };
const FIELDS = ["name", "slug", "notificationWebhookUrl", "plan"] as const;

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
  const [webhookUrl, setWebhookUrl] = useState(organization.notificationWebhookUrl ?? "");
  const [plan, setPlan] = useState<Plan>(organization.plan);

  const update = useMutation(
    trpc.organizations.update.mutationOptions({
      onSuccess: async (saved) => {
        // Show what the server stored (it trims), not what was typed.
        setName(saved.name);
        setSlug(saved.slug);
        setWebhookUrl(saved.notificationWebhookUrl ?? "");
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
      notificationWebhookUrl: webhookUrl.trim() === "" ? null : webhookUrl.trim(),
      ...(canChangePlan && { plan }),
    });
  }

  // Ids tie each field to its hint and error for screen readers.
  const fieldProps = (field: (typeof FIELDS)[number], hasHint: boolean) => {
    const describedBy = [
      hasHint && `${id}-${field}-hint`,
      errors.fields[field] && `${id}-${field}-error`,
    ].filter(Boolean);
    return {
      id: `${id}-${field}`,
      "aria-invalid": errors.fields[field] ? true : undefined,
      "aria-describedby": describedBy.length > 0 ? describedBy.join(" ") : undefined,
    };
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-name`}>Organization name</Label>
        <Input
          {...fieldProps("name", false)}
          readOnly={!canEdit}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <FieldError id={`${id}-name-error`} message={errors.fields.name} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-slug`}>Slug</Label>
        <Input
          {...fieldProps("slug", true)}
          readOnly={!canEdit}
          value={slug}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setSlug(event.target.value)}
        />
        <p id={`${id}-slug-hint`} className="text-xs text-muted-foreground">
          Lower-case letters, digits and single dashes; unique across AgentForge.
        </p>
        <FieldError id={`${id}-slug-error`} message={errors.fields.slug} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-notificationWebhookUrl`}>Notification webhook URL</Label>
        <Input
          {...fieldProps("notificationWebhookUrl", true)}
          readOnly={!canEdit}
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/agentforge"
          value={webhookUrl}
          onChange={(event) => setWebhookUrl(event.target.value)}
        />
        <p id={`${id}-notificationWebhookUrl-hint`} className="text-xs text-muted-foreground">
          Optional. Leave empty to send no notifications.
        </p>
        <FieldError
          id={`${id}-notificationWebhookUrl-error`}
          message={errors.fields.notificationWebhookUrl}
        />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-plan`}>Plan</Label>
        {canChangePlan ? (
          <Select
            {...fieldProps("plan", true)}
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
          <Input {...fieldProps("plan", true)} readOnly className="sm:w-60" value={PLANS[plan]} />
        )}
        <p id={`${id}-plan-hint`} className="text-xs text-muted-foreground">
          {canChangePlan
            ? "Only owners can change the plan."
            : "Only an owner can change the plan."}
        </p>
        <FieldError id={`${id}-plan-error`} message={errors.fields.plan} />
      </div>
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
