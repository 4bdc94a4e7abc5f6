"use client";

import { useState, type ReactElement } from "react";

import { EntityForm } from "@/components/data/entity-form";
import type { Entity, EntityType } from "@/components/data/schema-utils";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

export type EntityFormDialogProps = {
  entityType: EntityType;
  /** The record to edit; without it the dialog creates one. */
  entity?: Entity;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog, when it is not opened from elsewhere. */
  trigger?: ReactElement;
  onSaved?: (saved: Entity) => void;
};

/** "New <Type>" / "Edit <Type>": the schema-generated form in a dialog. */
export function EntityFormDialog({
  entityType,
  entity,
  open,
  onOpenChange,
  trigger,
  onSaved,
}: EntityFormDialogProps) {
  // A fresh form each time the dialog opens, starting from the record as it is now.
  const [formKey, setFormKey] = useState(0);

  function changeOpen(next: boolean) {
    onOpenChange(next);
    if (!next) setFormKey((key) => key + 1);
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{`${entity ? "Edit" : "New"} ${entityType.name}`}</DialogTitle>
          <DialogDescription>
            Fields come from the {entityType.name} schema; the server validates the record as a
            whole.
          </DialogDescription>
        </DialogHeader>
        <EntityForm
          key={formKey}
          entityType={entityType}
          entity={entity}
          onSaved={(saved) => {
            changeOpen(false);
            onSaved?.(saved);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
