"use client";

import type { SchemaCheck } from "@/components/data/check-schema";
import { FormField } from "@/components/ui/form-field";
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
  // The check's message, always shown under the textarea, describes it too: the wiring is
  // written out here rather than taken from fieldControlProps.
  const describedBy = [`${id}-check`, serverError && `${id}-error`].filter(Boolean).join(" ");
  return (
    <FormField id={id} label="JSON Schema" error={serverError}>
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
    </FormField>
  );
}
