"use client";

import {
  optionValue,
  type FieldValue,
  type FormValues,
} from "@/components/data/schema-form-values";
import type { SchemaProperty } from "@/components/data/schema-utils";
import { FieldHintAndError, FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";

// A form generated from an entity type's JSON Schema: one control per top-level property,
// chosen by its type and format. Whatever has no simple control (objects, arrays, untyped
// properties) is edited as JSON.

type FieldProps = {
  id: string;
  property: SchemaProperty;
  value: FieldValue | undefined;
  onChange: (value: FieldValue) => void;
  error?: string | null;
};

const INPUT_TYPE: Partial<Record<SchemaProperty["kind"], string>> = {
  email: "email",
  date: "date",
  number: "number",
  integer: "number",
};

function CheckboxField({ id, property, value, onChange, error }: FieldProps) {
  const hint = property.description;
  return (
    <div className="flex flex-col gap-2">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          {...fieldControlProps(id, { hint, error })}
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
          className="size-4 accent-primary"
        />
        {property.label}
      </label>
      <FieldHintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

function SchemaField(props: FieldProps) {
  const { id, property, value, onChange, error } = props;
  if (property.kind === "boolean") return <CheckboxField {...props} />;
  const text = typeof value === "string" ? value : "";
  const hint =
    property.kind === "json"
      ? [property.description, "JSON value."].filter(Boolean).join(" ")
      : property.description;
  const control = { ...fieldControlProps(id, { hint, error }), required: property.required };

  let input;
  if (property.kind === "enum") {
    input = (
      <Select {...control} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">{property.required ? "Choose…" : "None"}</option>
        {property.options.map((option) => (
          <option key={optionValue(option)} value={optionValue(option)}>
            {String(option)}
          </option>
        ))}
      </Select>
    );
  } else if (property.kind === "json") {
    input = (
      <Textarea
        {...control}
        rows={4}
        spellCheck={false}
        className="font-mono text-xs"
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else {
    input = (
      <Input
        {...control}
        type={INPUT_TYPE[property.kind] ?? "text"}
        step={property.kind === "integer" ? 1 : property.kind === "number" ? "any" : undefined}
        autoComplete="off"
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <FormField
      id={id}
      label={property.label}
      required={property.required}
      hint={hint}
      error={error}
    >
      {input}
    </FormField>
  );
}

export type SchemaFormProps = {
  /** Prefix of the controls' ids (from useId). */
  idPrefix: string;
  properties: SchemaProperty[];
  values: FormValues;
  onChange: (name: string, value: FieldValue) => void;
  /** The error to show next to a property, by property name. */
  errorFor: (name: string) => string | null | undefined;
};

export function SchemaForm({ idPrefix, properties, values, onChange, errorFor }: SchemaFormProps) {
  if (properties.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        This type&apos;s schema defines no properties to fill in.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {properties.map((property, index) => (
        <SchemaField
          // Property names may contain characters an id cannot, so ids use the position.
          key={property.name}
          id={`${idPrefix}-field-${index}`}
          property={property}
          value={values[property.name]}
          onChange={(value) => onChange(property.name, value)}
          error={errorFor(property.name)}
        />
      ))}
    </div>
  );
}
