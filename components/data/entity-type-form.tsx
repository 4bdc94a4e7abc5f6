"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useMemo, useRef, useState, type FormEvent } from "react";

import { checkSchemaText } from "@/components/data/check-schema";
import { SchemaEditor } from "@/components/data/schema-editor";
import {
  configuredListFields,
  isRecord,
  parseFieldList,
  schemaProperties,
  type EntityType,
} from "@/components/data/schema-utils";
import { useInvalidateEntityTypes } from "@/components/data/use-invalidate-data";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { generateSlug } from "@/lib/slug";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";
import type { RouterInputs } from "@/lib/trpc/types";

type TypeInput = RouterInputs["entityTypes"]["create"];
type DisplayConfig = NonNullable<TypeInput["displayConfig"]>;

const FIELDS = ["name", "slug", "description", "schema", "searchFields", "displayConfig"] as const;

const STARTER_SCHEMA = {
  type: "object",
  properties: {
    name: { type: "string", title: "Name" },
    email: { type: "string", format: "email", title: "Email" },
  },
  required: ["name"],
};

/** The new list fields, keeping the type's other display settings (e.g. detailFields). */
function withListFields(current: unknown, listFields: string[]): DisplayConfig {
  // The current settings came from the server, which only stores JSON: safe to send back.
  const { listFields: _previous, ...others } = (isRecord(current) ? current : {}) as DisplayConfig;
  return listFields.length > 0 ? { ...others, listFields } : others;
}

/** Which of `fields` the schema does not define, as a hint (the server does not require it). */
function unknownFields(fields: string[], properties: string[]): string | null {
  const unknown = fields.filter((field) => !properties.includes(field.split(".")[0] ?? field));
  return unknown.length > 0 ? `Not in the schema: ${unknown.join(", ")}.` : null;
}

export type EntityTypeFormProps = {
  /** The type to edit; a new type is created without it. */
  entityType?: EntityType;
  onSaved: (saved: EntityType) => void;
};

export function EntityTypeForm({ entityType, onSaved }: EntityTypeFormProps) {
  const trpc = useTRPC();
  const invalidateTypes = useInvalidateEntityTypes();
  const id = useId();
  const schemaRef = useRef<HTMLDivElement>(null);
  const [name, setName] = useState(entityType?.name ?? "");
  const [slug, setSlug] = useState("");
  const [description, setDescription] = useState(entityType?.description ?? "");
  const [schemaText, setSchemaText] = useState(() =>
    JSON.stringify(entityType ? entityType.schema : STARTER_SCHEMA, null, 2),
  );
  // Empty for a new type: no search fields until chosen, and the table falls back to the
  // schema's first properties.
  const [searchFields, setSearchFields] = useState(entityType?.searchFields.join(", ") ?? "");
  const [listFields, setListFields] = useState(
    entityType ? configuredListFields(entityType).join(", ") : "",
  );

  const check = useMemo(() => checkSchemaText(schemaText), [schemaText]);
  const propertyNames = check.ok ? schemaProperties(check.schema).map((p) => p.name) : [];

  const onSuccess = async (saved: EntityType) => {
    onSaved(saved);
    await invalidateTypes();
  };
  const create = useMutation(trpc.entityTypes.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.entityTypes.update.mutationOptions({ onSuccess }));
  const mutation = entityType ? update : create;
  const errors = formErrors(mutation.error, FIELDS);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!check.ok) {
      // The error is already shown under the editor; send the user there.
      schemaRef.current?.querySelector("textarea")?.focus();
      return;
    }
    const input = {
      name,
      description: description.trim() === "" ? null : description.trim(),
      // Parsed from JSON text, so every value is JSON.
      schema: check.schema as TypeInput["schema"],
      searchFields: parseFieldList(searchFields),
      displayConfig: withListFields(entityType?.displayConfig, parseFieldList(listFields)),
    };
    if (entityType) update.mutate({ id: entityType.id, ...input });
    else create.mutate({ ...input, ...(slug.trim() !== "" && { slug: slug.trim() }) });
  }

  const searchHint = unknownFields(parseFieldList(searchFields), propertyNames);
  const listHint = unknownFields(parseFieldList(listFields), propertyNames);
  const properties = propertyNames.length > 0 ? ` Properties: ${propertyNames.join(", ")}.` : "";

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormField id={`${id}-name`} label="Name" required error={errors.fields.name}>
        <Input
          {...fieldControlProps(`${id}-name`, { error: errors.fields.name })}
          required
          autoComplete="off"
          placeholder="Customer"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      {!entityType && (
        <FormField
          id={`${id}-slug`}
          label="Slug"
          hint={`Used in URLs and the API; cannot change later. Leave empty for "${generateSlug(name) || "…"}".`}
          error={errors.fields.slug}
        >
          <Input
            {...fieldControlProps(`${id}-slug`, { hint: true, error: errors.fields.slug })}
            autoComplete="off"
            spellCheck={false}
            placeholder={generateSlug(name) || "customer"}
            value={slug}
            onChange={(event) => setSlug(event.target.value)}
          />
        </FormField>
      )}
      <FormField id={`${id}-description`} label="Description" error={errors.fields.description}>
        <Textarea
          {...fieldControlProps(`${id}-description`, { error: errors.fields.description })}
          rows={2}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      <div ref={schemaRef}>
        <SchemaEditor
          id={`${id}-schema`}
          value={schemaText}
          onChange={setSchemaText}
          check={check}
          serverError={errors.fields.schema}
        />
      </div>
      <FormField
        id={`${id}-search`}
        label="Search fields"
        hint={`Comma-separated properties that full-text search reads.${properties} ${searchHint ?? ""}`}
        error={errors.fields.searchFields}
      >
        <Input
          {...fieldControlProps(`${id}-search`, { hint: true, error: errors.fields.searchFields })}
          autoComplete="off"
          spellCheck={false}
          placeholder="name, email"
          value={searchFields}
          onChange={(event) => setSearchFields(event.target.value)}
        />
      </FormField>
      <FormField
        id={`${id}-list`}
        label="List fields"
        hint={`Comma-separated columns of the records table; the first names each record. Empty: the first four properties. ${listHint ?? ""}`}
        error={errors.fields.displayConfig}
      >
        <Input
          {...fieldControlProps(`${id}-list`, { hint: true, error: errors.fields.displayConfig })}
          autoComplete="off"
          spellCheck={false}
          placeholder="name, email"
          value={listFields}
          onChange={(event) => setListFields(event.target.value)}
        />
      </FormField>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending && <Spinner label="" />}
          {entityType ? "Save changes" : "Create entity type"}
        </Button>
      </DialogFooter>
    </form>
  );
}
