"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import type { EntityType } from "@/components/data/schema-utils";
import { useInvalidateEntityTypes } from "@/components/data/use-invalidate-data";
import { DeleteButton } from "@/components/delete-button";
import { useTRPC } from "@/lib/trpc/client";

/** Deletes a type after confirmation; the server refuses (409) while it has records. */
export function DeleteEntityTypeButton({
  entityType,
  onDeleted,
}: {
  entityType: Pick<EntityType, "id" | "name">;
  onDeleted?: () => void;
}) {
  const trpc = useTRPC();
  const invalidateTypes = useInvalidateEntityTypes();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.entityTypes.remove.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        onDeleted?.();
        await invalidateTypes();
      },
    }),
  );
  return (
    <DeleteButton
      title="Delete entity type"
      description={`Delete the entity type ${entityType.name}? Only a type without records can be deleted.`}
      remove={{ ...remove, mutate: () => remove.mutate({ id: entityType.id }) }}
      open={open}
      onOpenChange={setOpen}
    />
  );
}
