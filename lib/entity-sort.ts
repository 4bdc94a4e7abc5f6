// How entity lists sort, shared by the API's validation and the entities browser.

export type SortDirection = "asc" | "desc";
/** createdAt, updatedAt, or a path into the data (`data.grade`, `data.address.city`). */
export type EntitySortField = "createdAt" | "updatedAt" | `data.${string}`;
export type EntitySort = { field: EntitySortField; direction: SortDirection };

/** Letters, digits, `_` and `-` between the dots: what a data path may be sorted by. */
const DATA_SORT_FIELD = /^data(\.[A-Za-z0-9_-]+)+$/;

export function isEntitySortField(field: string): field is EntitySortField {
  return field === "createdAt" || field === "updatedAt" || DATA_SORT_FIELD.test(field);
}

export const SORT_FIELD_RULE =
  "createdAt, updatedAt or data.<path> (letters, digits, _ and - between dots)";
