"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import type { EntityType } from "@/components/data/schema-utils";
import { useInvalidateEntityTypes } from "@/components/data/use-invalidate-data";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type DeleteEntityTypeButtonProps = {
  entityType: Pick<EntityType, "id" | "name">;
  onDeleted?: () => void;
};

/** Deletes a type after confirmation; the server refuses (409) while it has records. */
export function DeleteEntityTypeButton({ entityType, onDeleted }: DeleteEntityTypeButtonProps) {
  const trpc = useTRPC();
  const invalidateTypes = useInvalidateEntityTypes();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.entityTypes.remove.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        onDeleted?.();
        await invalidateTypes();
      },
    }),
  );

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
      >
        Delete
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete entity type"
        description={`Delete the entity type ${entityType.name}? Only a type without records can be deleted.`}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate({ id: entityType.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
      />
    </>
  );
}
