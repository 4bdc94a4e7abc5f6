"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { EntityPicker, type PickedEntity } from "@/components/data/entity-picker";
import { isOneOf, REQUEST_ACTIONS, type RequestAction } from "@/components/roles/role-helpers";
import { SimulationResult } from "@/components/roles/simulation-result";
import { useResourceOptions } from "@/components/roles/use-resource-options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { OptionSelect, Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterInputs } from "@/lib/trpc/types";

const SUBJECT_TYPES = [
  { value: "user", label: "User" },
  { value: "role", label: "Role" },
  { value: "agent", label: "Agent" },
] as const;
type SubjectType = (typeof SUBJECT_TYPES)[number]["value"];
const SUBJECT_VALUES = SUBJECT_TYPES.map((option) => option.value);

type SimulateInput = RouterInputs["roles"]["simulate"];

/**
 * Asks the policy engine's `explain` for a subject (a member, a bare role, or the public-API
 * agent) and shows the decision, the policies behind it and, with a record, what they would see.
 */
export function PermissionSimulator() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const users = useQuery(trpc.users.list.queryOptions());
  const roles = useQuery(trpc.roles.list.queryOptions());
  const resources = useResourceOptions();
  const [subjectType, setSubjectType] = useState<SubjectType>("user");
  const [userId, setUserId] = useState("");
  const [roleId, setRoleId] = useState("");
  const [resource, setResource] = useState("");
  const [action, setAction] = useState<RequestAction>("read");
  const [record, setRecord] = useState<PickedEntity | null>(null);
  const [subjectMissing, setSubjectMissing] = useState(false);

  // A fresh answer on every click, even for the same question: policies may have changed since.
  const simulate = useMutation({
    mutationFn: (input: SimulateInput) =>
      queryClient.fetchQuery(trpc.roles.simulate.queryOptions(input, { staleTime: 0 })),
  });

  const chosenResource =
    resources.options.find((option) => option.value === resource) ?? resources.options[0];
  const typeSlug = chosenResource?.entityTypeId ? chosenResource.value : undefined;
  const subjectLabel = subjectType === "user" ? "User" : "Role";

  // Changing the question hides the previous answer rather than leaving it beside new inputs.
  function changed<T>(set: (value: T) => void) {
    return (value: T) => {
      set(value);
      simulate.reset();
    };
  }

  function subject(): SimulateInput["subject"] | null {
    if (subjectType === "agent") return { type: "agent" };
    if (subjectType === "user") return userId ? { type: "user", userId } : null;
    return roleId ? { type: "role", roleId } : null;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = subject();
    setSubjectMissing(chosen === null);
    if (!chosen || !chosenResource) return;
    simulate.mutate({
      subject: chosen,
      resource: chosenResource.value,
      action,
      ...(record && typeSlug && { entityId: record.id }),
    });
  }

  const subjectError = subjectMissing ? `Choose a ${subjectLabel.toLowerCase()}` : null;
  const listError = users.error ?? roles.error;

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${id}-subject-type`} label="Subject type">
            <Select
              id={`${id}-subject-type`}
              value={subjectType}
              onChange={(event) => {
                if (isOneOf(SUBJECT_VALUES, event.target.value)) {
                  changed(setSubjectType)(event.target.value);
                  setSubjectMissing(false);
                }
              }}
            >
              {SUBJECT_TYPES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </FormField>
          {subjectType === "agent" ? (
            <p className="self-end text-sm text-muted-foreground">
              The public-API agent acts with the role named <code className="font-mono">agent</code>
              , if there is one; otherwise it is denied everything.
            </p>
          ) : (
            <FormField id={`${id}-subject`} label={subjectLabel} error={subjectError}>
              <Select
                {...fieldControlProps(`${id}-subject`, { error: subjectError })}
                value={subjectType === "user" ? userId : roleId}
                onChange={(event) => {
                  changed(subjectType === "user" ? setUserId : setRoleId)(event.target.value);
                  setSubjectMissing(false);
                }}
              >
                <option value="">Choose…</option>
                {subjectType === "user"
                  ? (users.data ?? []).map((user) => (
                      <option key={user.id} value={user.id}>
                        {user.name ? `${user.name} (${user.email})` : user.email}
                      </option>
                    ))
                  : (roles.data ?? []).map((role) => (
                      <option key={role.id} value={role.id}>
                        {role.name}
                      </option>
                    ))}
              </Select>
            </FormField>
          )}
          <FormField id={`${id}-resource`} label="Resource">
            <Select
              id={`${id}-resource`}
              value={chosenResource?.value ?? ""}
              onChange={(event) => {
                changed(setResource)(event.target.value);
                setRecord(null);
              }}
            >
              {resources.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField id={`${id}-action`} label="Action">
            <OptionSelect
              id={`${id}-action`}
              options={REQUEST_ACTIONS}
              value={action}
              onValueChange={changed(setAction)}
            />
          </FormField>
        </div>
        {typeSlug && (
          <FormField
            id={`${id}-record`}
            label="Record"
            hint="Optional: decide for one record, and see it as the subject would."
          >
            <EntityPicker
              // A new type means a new search: remounting clears the typed text.
              key={typeSlug}
              id={`${id}-record`}
              entityTypeSlug={typeSlug}
              value={record}
              onChange={changed(setRecord)}
              hint="Optional: decide for one record, and see it as the subject would."
            />
          </FormField>
        )}
        {listError && <Alert variant="destructive">{errorMessage(listError)}</Alert>}
        <div>
          <Button type="submit" disabled={simulate.isPending || resources.isPending}>
            {simulate.isPending && <Spinner label="" />}
            Simulate
          </Button>
        </div>
      </form>
      {simulate.error && <Alert variant="destructive">{errorMessage(simulate.error)}</Alert>}
      {simulate.data && <SimulationResult explanation={simulate.data} />}
    </div>
  );
}
