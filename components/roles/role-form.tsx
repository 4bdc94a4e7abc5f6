"use client";

import { useId, useState, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["name", "description"] as const;

export type RoleFormValues = { name: string; description: string };

export type RoleFormProps = {
  initial?: RoleFormValues;
  submitLabel: string;
  onSubmit: (values: RoleFormValues) => void;
  pending: boolean;
  error: unknown;
};

/** Name and description of a role, inside a dialog (create and edit share it). */
export function RoleForm({ initial, submitLabel, onSubmit, pending, error }: RoleFormProps) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const errors = formErrors(error, FIELDS);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit({ name: name.trim(), description: description.trim() });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <FormField id={`${id}-name`} label="Name" error={errors.fields.name}>
        <Input
          {...fieldControlProps(`${id}-name`, { error: errors.fields.name })}
          autoComplete="off"
          placeholder="teacher"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      <FormField id={`${id}-description`} label="Description" error={errors.fields.description}>
        <Textarea
          {...fieldControlProps(`${id}-description`, { error: errors.fields.description })}
          placeholder="What people holding this role may do"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={pending || name.trim() === ""}>
          {pending && <Spinner label="" />}
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
