"use client";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/trpc/errors";

/** The mutation a delete button drives (a TanStack Query mutation result fits). */
export type DeleteMutation = {
  mutate(): void;
  reset(): void;
  isPending: boolean;
  error: unknown;
};

/**
 * "Delete" behind a confirmation dialog. The server's refusal (e.g. 409 while a record is still
 * in use) is shown inside the dialog, which stays open.
 */
export function DeleteButton({
  title,
  description,
  remove,
  open,
  onOpenChange,
}: {
  title: string;
  description: string;
  remove: DeleteMutation;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => {
          remove.reset();
          onOpenChange(true);
        }}
      >
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={onOpenChange}
        title={title}
        description={description}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate()}
        pending={remove.isPending}
        error={
          remove.error ? errorMessage(remove.error as Parameters<typeof errorMessage>[0]) : null
        }
      />
    </>
  );
}
