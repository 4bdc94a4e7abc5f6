import type { ReactNode } from "react";

import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

// One labelled form field with its hint and error, tied together by ids for screen readers:
// the control gets `id`, the hint `${id}-hint` and the error `${id}-error`, and
// fieldControlProps points the control's aria-describedby at whichever of the two is shown.
// A control that <FormField> cannot wrap (a radio group, a checkbox with its label around it)
// renders <FieldHintAndError> under it for the same hint and error.

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

/** The hint and error of the control with this id; each renders only when given. */
export function FieldHintAndError({ id, hint, error }: FieldMessages & { id: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

export type FormFieldProps = FieldMessages & {
  id: string;
  label: string;
  required?: boolean;
  /** Classes for the wrapper, merged over its own (a filter bar's tighter gap, an indent). */
  className?: string;
  children: ReactNode;
};

export function FormField({
  id,
  label,
  required,
  hint,
  error,
  className,
  children,
}: FormFieldProps) {
  return (
    <div className={cn("flex flex-col gap-2", className)}>
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
      <FieldHintAndError id={id} hint={hint} error={error} />
    </div>
  );
}
