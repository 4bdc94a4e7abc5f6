"use client";

import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";

export type RemoveItemButtonProps = {
  /** The accessible name, starting with the visible "Remove", e.g. "Remove rule status eq …". */
  label: string;
  onRemove: () => void;
  pending: boolean;
  error: unknown;
};

/**
 * Removes one small part (a rule, a mask) without confirmation: it is quick to add back, and a
 * dialog per click would make editing a policy tedious.
 */
export function RemoveItemButton({ label, onRemove, pending, error }: RemoveItemButtonProps) {
  return (
    <span className="flex flex-col items-end gap-1">
      <Button variant="ghost" size="sm" aria-label={label} disabled={pending} onClick={onRemove}>
        {pending && <Spinner label="" />}
        Remove
      </Button>
      <FieldError role="alert" message={error ? errorMessage(error) : null} />
    </span>
  );
}
