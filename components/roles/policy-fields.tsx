"use client";

import { useId, useState } from "react";

import {
  EFFECTS,
  isOneOf,
  POLICY_ACTIONS,
  parsePolicyForm,
  type PolicyFormValues,
  type PolicyValues,
} from "@/components/roles/role-helpers";
import { useResourceOptions } from "@/components/roles/use-resource-options";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionSelect, Select } from "@/components/ui/select";
import { formErrors } from "@/lib/trpc/errors";

// The fields of a policy (resource × action × effect, and priority), shared by the add form and
// the edit dialog so both offer the same choices and show errors the same way.

const POLICY_FIELDS = ["resource", "action", "effect", "priority"] as const;
type PolicyField = (typeof POLICY_FIELDS)[number];
export type PolicyFieldErrors = Partial<Record<PolicyField, string | null>>;

export type PolicyFieldsProps = {
  values: PolicyFormValues;
  onChange: (values: PolicyFormValues) => void;
  errors: PolicyFieldErrors;
  /** The grid the four fields sit in: one row in the page, a column in a dialog. */
  className?: string;
};

export function PolicyFields({ values, onChange, errors, className }: PolicyFieldsProps) {
  const id = useId();
  const resources = useResourceOptions();
  // A policy may name a type that was deleted since (or the types are still loading): offer
  // its resource anyway, or the select would silently show, and save, the first option.
  const resourceOptions = resources.options.some((option) => option.value === values.resource)
    ? resources.options
    : [...resources.options, { value: values.resource, label: values.resource }];
  // Likewise an action the list does not know (stored by hand): shown, and refused on submit.
  const actionOptions: readonly string[] = isOneOf(POLICY_ACTIONS, values.action)
    ? POLICY_ACTIONS
    : [...POLICY_ACTIONS, values.action];
  const set = (change: Partial<PolicyFormValues>) => onChange({ ...values, ...change });

  return (
    <div className={className}>
      <FormField id={`${id}-resource`} label="Resource" error={errors.resource}>
        <Select
          {...fieldControlProps(`${id}-resource`, { error: errors.resource })}
          value={values.resource}
          onChange={(event) => set({ resource: event.target.value })}
        >
          {resourceOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField id={`${id}-action`} label="Action" error={errors.action}>
        <OptionSelect
          {...fieldControlProps(`${id}-action`, { error: errors.action })}
          options={actionOptions}
          value={values.action}
          onValueChange={(action) => set({ action })}
          optionLabel={(option) => (option === "*" ? "* (every action)" : option)}
        />
      </FormField>
      <FormField id={`${id}-effect`} label="Effect" error={errors.effect}>
        <OptionSelect
          {...fieldControlProps(`${id}-effect`, { error: errors.effect })}
          options={EFFECTS}
          value={values.effect}
          onValueChange={(effect) => set({ effect })}
        />
      </FormField>
      <FormField id={`${id}-priority`} label="Priority" error={errors.priority}>
        <Input
          {...fieldControlProps(`${id}-priority`, { error: errors.priority })}
          type="number"
          step={1}
          inputMode="numeric"
          value={values.priority}
          onChange={(event) => set({ priority: event.target.value })}
        />
      </FormField>
    </div>
  );
}

export type PolicyForm = {
  /** Spread onto <PolicyFields>. */
  fields: PolicyFieldsProps;
  /** The server's error that belongs to no field, for an alert under the fields. */
  formError: string | null;
  /** The values to send, or null (showing why at the fields) when they cannot be sent. */
  submittedValues: () => PolicyValues | null;
};

/** A policy form's state: the values as typed, and the errors of the last submit, by field. */
export function usePolicyForm(initial: PolicyFormValues, error: unknown): PolicyForm {
  const [values, setValues] = useState(initial);
  // Checked before sending: the server would refuse these too, but without a request.
  const [localErrors, setLocalErrors] = useState<PolicyFieldErrors>({});
  const server = formErrors(error, POLICY_FIELDS);
  const errors: PolicyFieldErrors = {
    resource: server.fields.resource,
    action: localErrors.action ?? server.fields.action,
    effect: server.fields.effect,
    priority: localErrors.priority ?? server.fields.priority,
  };

  function submittedValues(): PolicyValues | null {
    const parsed = parsePolicyForm(values);
    setLocalErrors(parsed.ok ? {} : parsed.errors);
    return parsed.ok ? parsed.values : null;
  }

  return {
    fields: { values, onChange: setValues, errors },
    formError: server.form,
    submittedValues,
  };
}
