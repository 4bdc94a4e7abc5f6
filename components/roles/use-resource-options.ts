"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import { ENTITY_TYPE_RESOURCE } from "@/components/roles/role-helpers";
import { useTRPC } from "@/lib/trpc/client";

export type ResourceOption = { value: string; label: string; entityTypeId: string | null };

/**
 * What a policy can be about (docs/permissions.md): every type (`*`), managing types (`entityType`), or one
 * entity type by slug. `entityTypeId` lets the simulator pick a record of that type.
 */
export function useResourceOptions(): { options: ResourceOption[]; isPending: boolean } {
  const trpc = useTRPC();
  const types = useQuery(trpc.entityTypes.list.queryOptions());
  const options = useMemo(
    () => [
      { value: "*", label: "* (every entity type)", entityTypeId: null },
      { value: ENTITY_TYPE_RESOURCE, label: "entityType (managing types)", entityTypeId: null },
      ...(types.data ?? []).map((type) => ({
        value: type.slug,
        label: `${type.name} (${type.slug})`,
        entityTypeId: type.id,
      })),
    ],
    [types.data],
  );
  return { options, isPending: types.isPending };
}
