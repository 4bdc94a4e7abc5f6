"use client";

import type { SchemaCheck } from "@/components/data/check-schema";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

export type SchemaEditorProps = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The browser-side check of `value` (the form also needs it, to refuse an invalid schema). */
  check: SchemaCheck;
  /** What the server said about the schema, if it refused it anyway. */
  serverError?: string | null;
};

/** The JSON Schema as text, checked with Ajv on every change. */
export function SchemaEditor({ id, value, onChange, check, serverError }: SchemaEditorProps) {
  const describedBy = [`${id}-check`, serverError && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>JSON Schema</Label>
      <Textarea
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        rows={14}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        className="font-mono text-xs leading-relaxed"
        aria-invalid={!check.ok || serverError ? true : undefined}
        aria-describedby={describedBy}
      />
      {check.ok ? (
        <p
          id={`${id}-check`}
          role="status"
          className="text-sm text-emerald-700 dark:text-emerald-400"
        >
          Valid schema
        </p>
      ) : (
        <p id={`${id}-check`} role="alert" className="text-sm break-words text-destructive">
          {check.error}
        </p>
      )}
      <FieldError id={`${id}-error`} message={serverError} />
    </div>
  );
}
