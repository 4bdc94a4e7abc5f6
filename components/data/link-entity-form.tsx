"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { EntityPicker, type PickedEntity } from "@/components/data/entity-picker";
import { useInvalidateEntities } from "@/components/data/use-invalidate-data";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["relationType", "toId"] as const;

/** Links the record to another one, of any type, under a relation type ("works_at"). */
export function LinkEntityForm({ entityId }: { entityId: string }) {
  const trpc = useTRPC();
  const invalidateEntities = useInvalidateEntities();
  const id = useId();
  const [relationType, setRelationType] = useState("");
  const [target, setTarget] = useState<PickedEntity | null>(null);
  const [targetMissing, setTargetMissing] = useState(false);
  // Remounting the picker is how it is emptied after a link.
  const [pickerKey, setPickerKey] = useState(0);

  const link = useMutation(
    trpc.entities.link.mutationOptions({
      onSuccess: async () => {
        setTarget(null);
        setPickerKey((key) => key + 1);
        await invalidateEntities();
      },
    }),
  );
  const errors = formErrors(link.error, FIELDS);
  const targetError = targetMissing ? "Choose a record to link to." : errors.fields.toId;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTargetMissing(target === null);
    if (!target) return;
    link.mutate({ fromId: entityId, toId: target.id, relationType: relationType.trim() });
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Link entity"
      className="flex flex-col gap-3 rounded-md border p-3"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField id={`${id}-type`} label="Relation type" error={errors.fields.relationType}>
          <Input
            {...fieldControlProps(`${id}-type`, { error: errors.fields.relationType })}
            autoComplete="off"
            spellCheck={false}
            placeholder="works_at"
            value={relationType}
            onChange={(event) => setRelationType(event.target.value)}
          />
        </FormField>
        <FormField id={`${id}-target`} label="Target entity" error={targetError}>
          <EntityPicker
            key={pickerKey}
            id={`${id}-target`}
            excludeId={entityId}
            value={target}
            onChange={(value) => {
              setTarget(value);
              if (value) setTargetMissing(false);
            }}
            error={targetError}
          />
        </FormField>
      </div>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <div>
        <Button type="submit" variant="secondary" size="sm" disabled={link.isPending}>
          {link.isPending && <Spinner label="" />}
          Link entity
        </Button>
      </div>
    </form>
  );
}
