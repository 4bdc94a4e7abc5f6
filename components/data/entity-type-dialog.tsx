"use client";

import { useState, type ReactElement } from "react";

import { EntityTypeForm } from "@/components/data/entity-type-form";
import type { EntityType } from "@/components/data/schema-utils";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

export type EntityTypeDialogProps = {
  /** The type to edit; without it the dialog creates one. */
  entityType?: EntityType;
  /** The button that opens the dialog. */
  trigger: ReactElement;
  onSaved?: (saved: EntityType) => void;
};

export function EntityTypeDialog({ entityType, trigger, onSaved }: EntityTypeDialogProps) {
  const [open, setOpen] = useState(false);
  // A fresh form each time the dialog opens: edits start from the saved type, not a draft.
  const [formKey, setFormKey] = useState(0);

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) setFormKey((key) => key + 1);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{entityType ? "Edit entity type" : "New entity type"}</DialogTitle>
          <DialogDescription>
            {entityType
              ? `Records of ${entityType.name} are validated against the new schema when they are next saved.`
              : "A kind of record, validated by a JSON Schema (draft 2020-12)."}
          </DialogDescription>
        </DialogHeader>
        <EntityTypeForm
          key={formKey}
          entityType={entityType}
          onSaved={(saved) => {
            onOpenChange(false);
            onSaved?.(saved);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
