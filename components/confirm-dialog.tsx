"use client";

import type { ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";

export type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The dialog's accessible name, e.g. "Remove member". */
  title: string;
  description: ReactNode;
  /** The confirming button's text (and accessible name), e.g. "Remove". */
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  /** Shown inside the dialog, so a failed action can be retried or cancelled in place. */
  error?: string | null;
  /** What a sentence cannot hold (a list of what will change, an option), below the description. */
  children?: ReactNode;
  /** "destructive" (the default) for removals; "default" for actions that only add or change. */
  confirmVariant?: "destructive" | "default";
};

/** A controlled "are you sure?" dialog, for destructive actions and for ones worth a second look. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending = false,
  error,
  children,
  confirmVariant = "destructive",
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      // Closing mid-request would hide the outcome; the dialog stays until the request ends.
      onOpenChange={(next) => (pending && !next ? undefined : onOpenChange(next))}
    >
      <DialogContent showCloseButton={false}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
        {error && <Alert variant="destructive">{error}</Alert>}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button variant={confirmVariant} onClick={onConfirm} disabled={pending}>
            {pending && <Spinner label="" />}
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
