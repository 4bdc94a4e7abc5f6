"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useMemo, useState, type FormEvent } from "react";

import { SchemaForm } from "@/components/data/schema-form";
import {
  changedData,
  initialValues,
  valuesToData,
  type FieldValue,
} from "@/components/data/schema-form-values";
import { schemaProperties, type Entity, type EntityType } from "@/components/data/schema-utils";
import { useInvalidateEntities } from "@/components/data/use-invalidate-data";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

export type EntityFormProps = {
  entityType: EntityType;
  /** The record to edit; a new one is created without it. */
  entity?: Entity;
  onSaved: (saved: Entity) => void;
};

/** Creates or edits a record with the form generated from its type's schema. */
export function EntityForm({ entityType, entity, onSaved }: EntityFormProps) {
  const trpc = useTRPC();
  const invalidateEntities = useInvalidateEntities();
  const id = useId();
  const properties = useMemo(() => schemaProperties(entityType.schema), [entityType.schema]);
  const [values, setValues] = useState(() => initialValues(properties, entity?.data));
  const [status, setStatus] = useState(entity?.status ?? "active");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const onSuccess = async (saved: Entity) => {
    onSaved(saved);
    await invalidateEntities();
  };
  const create = useMutation(trpc.entities.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.entities.update.mutationOptions({ onSuccess }));
  const mutation = entity ? update : create;
  // The server names an invalid value by its path ("data.email"), which is the field here.
  const fields = [...properties.map((property) => `data.${property.name}`), "status"];
  const errors = formErrors(mutation.error, fields);

  function onChange(name: string, value: FieldValue) {
    setValues((current) => ({ ...current, [name]: value }));
    setLocalErrors(({ [name]: _fixed, ...rest }) => rest);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = valuesToData(properties, values);
    setLocalErrors(converted.errors);
    if (Object.keys(converted.errors).length > 0) return;
    const nextStatus = status.trim();
    if (!entity) {
      create.mutate({
        entityTypeId: entityType.id,
        data: converted.data,
        ...(nextStatus && { status: nextStatus }),
      });
      return;
    }
    const data = changedData(entity.data, converted.data);
    const statusChanged = nextStatus !== "" && nextStatus !== entity.status;
    // Nothing to save: no request, so the timeline gets no empty "updated" event.
    if (Object.keys(data).length === 0 && !statusChanged) return onSaved(entity);
    update.mutate({ id: entity.id, data, ...(statusChanged && { status: nextStatus }) });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <SchemaForm
        idPrefix={id}
        properties={properties}
        values={values}
        onChange={onChange}
        errorFor={(name) => localErrors[name] ?? errors.fields[`data.${name}`]}
      />
      <FormField
        id={`${id}-status`}
        label="Record status"
        hint="Any short word, e.g. active or archived; the browser filters on it."
        error={errors.fields.status}
      >
        <Input
          {...fieldControlProps(`${id}-status`, { hint: true, error: errors.fields.status })}
          autoComplete="off"
          className="sm:w-60"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
        />
      </FormField>
      {entity && (
        <p className="text-xs text-muted-foreground">
          Saving merges the changed fields into the record: emptying a field keeps its stored value.
        </p>
      )}
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending && <Spinner label="" />}
          {entity ? "Save changes" : `Create ${entityType.name}`}
        </Button>
      </DialogFooter>
    </form>
  );
}
