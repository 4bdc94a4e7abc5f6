"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import {
  entitiesListInput,
  entitiesSearchInput,
  type DataFilter,
} from "@/components/data/entity-queries";
import type { Entity } from "@/components/data/schema-utils";
import type { EntitySort } from "@/lib/entity-sort";
import { useTRPC } from "@/lib/trpc/client";

export type EntityRowsCriteria = {
  /** Full-text query; empty lists the records instead. */
  query: string;
  status: string;
  filter: DataFilter | null;
  /** The list's order (search results stay ranked). */
  sort: EntitySort;
};

/**
 * The records the browser shows: `entities.search` while there is a query, else a page of
 * `entities.list`. Pages are walked with a stack of cursors, emptied whenever the criteria
 * change (a cursor only means something for the query that produced it).
 */
export function useEntityRows(slug: string, criteria: EntityRowsCriteria) {
  const trpc = useTRPC();
  const criteriaKey = JSON.stringify(criteria);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({
    key: criteriaKey,
    cursors: [],
  });
  // Derived during render rather than reset in an effect, so no render shows a stale page.
  const cursors = paging.key === criteriaKey ? paging.cursors : [];
  const searching = criteria.query !== "";

  const list = useQuery(
    trpc.entities.list.queryOptions(
      entitiesListInput(slug, { ...criteria, cursor: cursors.at(-1) }),
      // The previous page stays on screen while the next one loads.
      { enabled: !searching, placeholderData: keepPreviousData },
    ),
  );
  const search = useQuery(
    trpc.entities.search.queryOptions(entitiesSearchInput(slug, criteria.query, criteria), {
      enabled: searching,
      placeholderData: keepPreviousData,
    }),
  );

  const active = searching ? search : list;
  const rows: Entity[] | undefined = searching ? search.data?.items : list.data?.items;
  const nextCursor = list.data?.nextCursor ?? null;
  // While a placeholder is shown its cursor belongs to the page before: paging waits.
  const settled = !active.isPlaceholderData;

  return {
    rows,
    searching,
    /** False when the search matched more records than the server ranks. */
    exhaustive: search.data?.exhaustive ?? true,
    isPending: active.isPending,
    isFetching: active.isFetching,
    error: active.error,
    page: cursors.length + 1,
    hasNext: !searching && settled && nextCursor !== null,
    hasPrevious: !searching && settled && cursors.length > 0,
    next: () => {
      if (nextCursor) setPaging({ key: criteriaKey, cursors: [...cursors, nextCursor] });
    },
    previous: () => setPaging({ key: criteriaKey, cursors: cursors.slice(0, -1) }),
  };
}
