"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { fromDateTimeLocal } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { useResourceOptions } from "@/components/roles/use-resource-options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["userId", "resourceType", "resourceId", "expiresAt"] as const;
type Field = (typeof FIELDS)[number];

export type AssignRoleFormProps = {
  roleId: string;
  members: { id: string; label: string }[];
};

/** Gives the role to a member: everywhere, for one type, or for one record; optionally until a time. */
export function AssignRoleForm({ roleId, members }: AssignRoleFormProps) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const id = useId();
  // `*` is not a scope: an unscoped assignment already covers every resource.
  const resources = useResourceOptions().options.filter((option) => option.value !== "*");
  const [userId, setUserId] = useState("");
  const [resourceType, setResourceType] = useState("");
  const [resourceId, setResourceId] = useState("");
  const [expires, setExpires] = useState("");
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const assign = useMutation(
    trpc.roles.assignToUser.mutationOptions({
      onSuccess: async () => {
        setUserId("");
        setResourceId("");
        setExpires("");
        await invalidateRoles();
      },
    }),
  );
  const server = formErrors(assign.error, FIELDS);
  const errorOf = (field: Field) => localErrors[field] ?? server.fields[field];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Partial<Record<Field, string>> = {};
    if (!userId) errors.userId = "Choose a member";
    if (resourceId.trim() && !resourceType)
      errors.resourceType = "Choose the resource type of this record";
    const expiresAt = fromDateTimeLocal(expires);
    if (expires && !expiresAt) errors.expiresAt = "Enter a complete date and time";
    else if (expiresAt && expiresAt.getTime() <= Date.now())
      errors.expiresAt = "Choose a time in the future";
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    assign.mutate({
      roleId,
      userId,
      ...(resourceType && { resourceType }),
      ...(resourceId.trim() && { resourceId: resourceId.trim() }),
      ...(expiresAt && { expiresAt }),
    });
  }

  const control = (field: Field) => fieldControlProps(`${id}-${field}`, { error: errorOf(field) });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <FormField id={`${id}-userId`} label="Member" error={errorOf("userId")}>
          <Select
            {...control("userId")}
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
          >
            <option value="">Choose…</option>
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.label}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField id={`${id}-resourceType`} label="Resource type" error={errorOf("resourceType")}>
          <Select
            {...control("resourceType")}
            value={resourceType}
            onChange={(event) => setResourceType(event.target.value)}
          >
            <option value="">All resources</option>
            {resources.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField id={`${id}-resourceId`} label="Resource id" error={errorOf("resourceId")}>
          <Input
            {...control("resourceId")}
            autoComplete="off"
            spellCheck={false}
            placeholder="optional record id"
            value={resourceId}
            onChange={(event) => setResourceId(event.target.value)}
          />
        </FormField>
        <FormField id={`${id}-expiresAt`} label="Expires" error={errorOf("expiresAt")}>
          <Input
            {...control("expiresAt")}
            type="datetime-local"
            value={expires}
            onChange={(event) => setExpires(event.target.value)}
          />
        </FormField>
      </div>
      {server.form && <Alert variant="destructive">{server.form}</Alert>}
      <div>
        <Button type="submit" variant="secondary" disabled={assign.isPending}>
          {assign.isPending && <Spinner label="" />}
          Assign role
        </Button>
      </div>
    </form>
  );
}
