"use client";

import { useMemo, useState } from "react";

import { EntitiesTable } from "@/components/data/entities-table";
import { EntityDetail } from "@/components/data/entity-detail";
import { EMPTY_FILTERS, EntityFilters, type FilterValues } from "@/components/data/entity-filters";
import {
  DEFAULT_SORT,
  isDefaultSort,
  nextSort,
  SEARCH_LIMIT,
  toDataFilter,
} from "@/components/data/entity-queries";
import {
  listFieldsOf,
  schemaProperties,
  type Entity,
  type EntityType,
} from "@/components/data/schema-utils";
import { useEntityRows } from "@/components/data/use-entity-rows";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import type { EntitySort } from "@/lib/entity-sort";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import { SEARCH_CANDIDATES } from "@/lib/search";
import { errorMessage } from "@/lib/trpc/errors";

/** Typing waits this long before asking the server (search, status and filter value). */
const DEBOUNCE_MS = 250;

/** The records of one type: search, filters, sorting, cursor paging, and one record's detail. */
export function EntitiesBrowser({ entityType }: { entityType: EntityType }) {
  const properties = useMemo(() => schemaProperties(entityType.schema), [entityType.schema]);
  const columns = useMemo(() => listFieldsOf(entityType), [entityType]);
  const [filters, setFilters] = useState<FilterValues>(EMPTY_FILTERS);
  const [selected, setSelected] = useState<Entity | null>(null);
  const [sort, setSort] = useState<EntitySort>(DEFAULT_SORT);

  const search = useDebouncedValue(filters.search.trim(), DEBOUNCE_MS);
  const status = useDebouncedValue(filters.status.trim(), DEBOUNCE_MS);
  const value = useDebouncedValue(filters.value, DEBOUNCE_MS);
  const property = properties.find((candidate) => candidate.name === filters.field);
  const rows = useEntityRows(entityType.slug, {
    // An emptied search box goes back to the list at once, without waiting for the debounce.
    query: filters.search.trim() === "" ? "" : search,
    status: filters.status.trim() === "" ? "" : status,
    filter: toDataFilter(property, filters.op, value),
    sort,
  });
  const sorted = !isDefaultSort(sort);

  return (
    <Card>
      <CardHeader>
        <div className="flex items-center gap-2">
          <CardTitle role="heading" aria-level={2}>
            Records
          </CardTitle>
          {rows.isFetching && !rows.isPending && <Spinner label="Loading records" />}
        </div>
        <CardDescription>
          {rows.searching
            ? rows.exhaustive
              ? `The ${SEARCH_LIMIT} best matches of the search and the filters.`
              : `Many records match: the ${SEARCH_LIMIT} best among the ${SEARCH_CANDIDATES} most recently updated. Add words or filters to narrow the search.`
            : `${sorted ? "Sorted by the marked column, records without a value last" : "Newest first; a column header sorts by its column"}. Open a record to see its relations and history.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <EntityFilters
          values={filters}
          properties={properties}
          onChange={(changes) => setFilters((current) => ({ ...current, ...changes }))}
        />
        {rows.isPending ? (
          <TableSkeleton label="Loading records" />
        ) : rows.error ? (
          <div className="flex flex-col items-start gap-2">
            <Alert variant="destructive">{errorMessage(rows.error)}</Alert>
            {/* A refused sort (a field the role cannot see) hides the headers with the table. */}
            {sorted && (
              <Button variant="outline" size="sm" onClick={() => setSort(DEFAULT_SORT)}>
                Back to newest first
              </Button>
            )}
          </div>
        ) : !rows.rows || rows.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {rows.searching || filters.status || filters.value
              ? "No records match."
              : `No ${entityType.name} records yet.`}
          </p>
        ) : (
          <EntitiesTable
            typeName={entityType.name}
            entities={rows.rows}
            columns={columns}
            properties={properties}
            onOpen={setSelected}
            sort={sort}
            onSort={
              rows.searching ? undefined : (field) => setSort((current) => nextSort(current, field))
            }
          />
        )}
        {!rows.searching && !rows.isPending && !rows.error && (
          <nav aria-label="Pages" className="flex items-center justify-end gap-2">
            <span className="text-sm text-muted-foreground">Page {rows.page}</span>
            <Button
              variant="outline"
              size="sm"
              disabled={!rows.hasPrevious}
              onClick={rows.previous}
            >
              Previous page
            </Button>
            <Button variant="outline" size="sm" disabled={!rows.hasNext} onClick={rows.next}>
              Next page
            </Button>
          </nav>
        )}
      </CardContent>
      <EntityDetail entityType={entityType} entity={selected} onClose={() => setSelected(null)} />
    </Card>
  );
}
