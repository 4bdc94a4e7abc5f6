import type { SchemaProperty } from "@/components/data/schema-utils";
import { isEntitySortField, type EntitySort, type EntitySortField } from "@/lib/entity-sort";
import type { RouterInputs } from "@/lib/trpc/types";

// The inputs of the entities browser's queries. The page prefetches the first page on the
// server with the same function, so the client finds it in the cache under the same key.

type ListInput = RouterInputs["entities"]["list"];
export type DataFilter = NonNullable<ListInput["filters"]>[number];
export type FilterOperator = "eq" | "gt" | "lt";

export const PAGE_SIZE = 25;
/** Search is ranked, not paged: the best matches only. */
export const SEARCH_LIMIT = 50;

/** The server's order when none is asked for. */
export const DEFAULT_SORT: EntitySort = { field: "createdAt", direction: "desc" };
export const isDefaultSort = (sort: EntitySort) =>
  sort.field === DEFAULT_SORT.field && sort.direction === DEFAULT_SORT.direction;

export type ListCriteria = {
  status: string;
  filter: DataFilter | null;
  sort?: EntitySort;
  cursor?: string;
};

export function entitiesListInput(slug: string, criteria?: ListCriteria): ListInput {
  const status = criteria?.status.trim();
  const sort = criteria?.sort;
  return {
    entityTypeSlug: slug,
    limit: PAGE_SIZE,
    ...(status && { status }),
    ...(criteria?.filter && { filters: [criteria.filter] }),
    // The default order is left out: the key stays the one the page prefetched on the server.
    ...(sort && !isDefaultSort(sort) && { sort }),
    ...(criteria?.cursor && { cursor: criteria.cursor }),
  };
}

/** The search with the same status and field filters as the list (applied by the server). */
export function entitiesSearchInput(
  slug: string,
  query: string,
  criteria: ListCriteria,
): RouterInputs["entities"]["search"] {
  const status = criteria.status.trim();
  return {
    entityTypeSlug: slug,
    query,
    limit: SEARCH_LIMIT,
    ...(status && { status }),
    ...(criteria.filter && { filters: [criteria.filter] }),
  };
}

/** The sort field of a list column (`grade` → `data.grade`); null for a path the API refuses. */
export function columnSortField(column: string): EntitySortField | null {
  const field = `data.${column}`;
  return isEntitySortField(field) ? field : null;
}

/** A click on a column header: the same column flips, another starts (dates newest first). */
export function nextSort(current: EntitySort, field: EntitySortField): EntitySort {
  if (current.field === field)
    return { field, direction: current.direction === "asc" ? "desc" : "asc" };
  return { field, direction: field.startsWith("data.") ? "asc" : "desc" };
}

/** The filter row as the API takes it: the value typed as the property is (`3` not `"3"`). */
export function toDataFilter(
  property: SchemaProperty | undefined,
  op: FilterOperator,
  text: string,
): DataFilter | null {
  if (!property || text.trim() === "") return null;
  const field = property.name;
  const number = Number(text);
  const numeric =
    (property.kind === "number" || property.kind === "integer") && Number.isFinite(number);
  if (op !== "eq") return { field, op, value: numeric ? number : text };
  if (numeric) return { field, op, value: number };
  if (property.kind === "boolean" && (text === "true" || text === "false")) {
    return { field, op, value: text === "true" };
  }
  return { field, op, value: text };
}
