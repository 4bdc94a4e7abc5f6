"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import { entityLabel, listFieldsOf, type EntityType } from "@/components/data/schema-utils";
import { useTRPC } from "@/lib/trpc/client";

/**
 * The organization's types by id and slug, to name records of other types (relations, the
 * target picker) the way their own table does.
 */
export function useEntityTypeIndex() {
  const trpc = useTRPC();
  const types = useQuery(trpc.entityTypes.list.queryOptions());
  return useMemo(() => {
    const list = types.data ?? [];
    const byId = new Map(list.map((type) => [type.id, type]));
    const bySlug = new Map(list.map((type) => [type.slug, type]));
    const labelOf = (entity: { id: string; data: unknown }, type: EntityType | undefined): string =>
      entityLabel(entity, type ? listFieldsOf(type) : []);
    return { byId, bySlug, labelOf };
  }, [types.data]);
}
