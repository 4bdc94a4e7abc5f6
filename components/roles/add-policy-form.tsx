"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { FormField, fieldControlProps } from "@/components/data/form-field";
import { EFFECTS, POLICY_ACTIONS, type Policy } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { useResourceOptions } from "@/components/roles/use-resource-options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { OptionSelect, Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["resource", "action", "effect", "priority"] as const;

type Action = (typeof POLICY_ACTIONS)[number];
type Effect = Policy["effect"];

/** Adds one policy (resource × action × effect) to a role; its rules and masks come after. */
export function AddPolicyForm({ roleId }: { roleId: string }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const id = useId();
  const resources = useResourceOptions();
  const [resource, setResource] = useState("*");
  const [action, setAction] = useState<Action>("read");
  const [effect, setEffect] = useState<Effect>("allow");
  const [priority, setPriority] = useState("0");
  const [priorityError, setPriorityError] = useState<string | null>(null);
  const add = useMutation(trpc.roles.addPolicy.mutationOptions({ onSuccess: invalidateRoles }));
  const errors = formErrors(add.error, FIELDS);
  const priorityMessage = priorityError ?? errors.fields.priority;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = Number(priority.trim() === "" ? "0" : priority);
    if (!Number.isInteger(value)) {
      setPriorityError("Priority must be a whole number");
      return;
    }
    setPriorityError(null);
    add.mutate({ roleId, resource, action, effect, priority: value });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-4">
        <FormField id={`${id}-resource`} label="Resource" error={errors.fields.resource}>
          <Select
            {...fieldControlProps(`${id}-resource`, { error: errors.fields.resource })}
            value={resource}
            onChange={(event) => setResource(event.target.value)}
          >
            {resources.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField id={`${id}-action`} label="Action" error={errors.fields.action}>
          <OptionSelect
            {...fieldControlProps(`${id}-action`, { error: errors.fields.action })}
            options={POLICY_ACTIONS}
            value={action}
            onValueChange={setAction}
            optionLabel={(option) => (option === "*" ? "* (every action)" : option)}
          />
        </FormField>
        <FormField id={`${id}-effect`} label="Effect" error={errors.fields.effect}>
          <OptionSelect
            {...fieldControlProps(`${id}-effect`, { error: errors.fields.effect })}
            options={EFFECTS}
            value={effect}
            onValueChange={setEffect}
          />
        </FormField>
        <FormField id={`${id}-priority`} label="Priority" error={priorityMessage}>
          <Input
            {...fieldControlProps(`${id}-priority`, { error: priorityMessage })}
            type="number"
            step={1}
            inputMode="numeric"
            value={priority}
            onChange={(event) => setPriority(event.target.value)}
          />
        </FormField>
      </div>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <div>
        <Button type="submit" variant="secondary" disabled={add.isPending}>
          {add.isPending && <Spinner label="" />}
          Add policy
        </Button>
      </div>
    </form>
  );
}
