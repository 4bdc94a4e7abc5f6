import type { ReactNode } from "react";

import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";

// One labelled form field with its hint and error, tied together by ids for screen readers.

export type FieldMessages = { hint?: ReactNode; error?: string | null };

/** The id, aria-invalid and aria-describedby of the control inside a <FormField>. */
export function fieldControlProps(id: string, { hint, error }: FieldMessages) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy.length > 0 ? describedBy.join(" ") : undefined,
  };
}

export type FormFieldProps = FieldMessages & {
  id: string;
  label: string;
  required?: boolean;
  children: ReactNode;
};

export function FormField({ id, label, required, hint, error, children }: FormFieldProps) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>
        {label}
        {/* Hidden from the accessible name, which stays the plain label; the control itself
            carries `required`. */}
        {required && (
          <span aria-hidden="true" className="ml-0.5 text-destructive">
            *
          </span>
        )}
      </Label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
