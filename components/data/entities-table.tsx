"use client";

import { columnSortField } from "@/components/data/entity-queries";
import {
  entityLabel,
  formatValue,
  readField,
  type Entity,
  type SchemaProperty,
} from "@/components/data/schema-utils";
import { SortableHead } from "@/components/data/sortable-head";
import { FormattedDate } from "@/components/formatted-date";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { EntitySort, EntitySortField } from "@/lib/entity-sort";

export type EntitiesTableProps = {
  typeName: string;
  entities: Entity[];
  /** The columns: list fields of the type (the first one names each record). */
  columns: string[];
  properties: SchemaProperty[];
  onOpen: (entity: Entity) => void;
  sort: EntitySort;
  /** Sorts by a column's field; absent when the rows cannot be sorted (search results). */
  onSort?: (field: EntitySortField) => void;
};

export function EntitiesTable({
  typeName,
  entities,
  columns,
  properties,
  onOpen,
  sort,
  onSort,
}: EntitiesTableProps) {
  const header = (field: string) =>
    properties.find((property) => property.name === field)?.label ?? field;
  const [first, ...rest] = columns;
  const head = (key: string, label: string, field: EntitySortField | null) => (
    <SortableHead key={key} label={label} field={field} sort={sort} onSort={onSort} />
  );

  return (
    <Table>
      <TableCaption className="sr-only">{typeName} records</TableCaption>
      <TableHeader>
        <TableRow>
          {first
            ? head(`data.${first}`, header(first), columnSortField(first))
            : head("record", "Record", null)}
          {rest.map((field) => head(`data.${field}`, header(field), columnSortField(field)))}
          {head("status", "Status", null)}
          {head("createdAt", "Created", "createdAt")}
          {head("updatedAt", "Updated", "updatedAt")}
        </TableRow>
      </TableHeader>
      <TableBody>
        {entities.map((entity) => (
          // The whole row opens the record for pointer users; the button in the first cell is
          // the keyboard and screen reader way in.
          <TableRow key={entity.id} className="cursor-pointer" onClick={() => onOpen(entity)}>
            <TableCell className="font-medium">
              <button
                type="button"
                className="max-w-64 truncate text-left underline-offset-4 outline-none hover:underline focus-visible:underline focus-visible:ring-2 focus-visible:ring-ring"
                onClick={(event) => {
                  event.stopPropagation();
                  onOpen(entity);
                }}
              >
                {entityLabel(entity, columns)}
              </button>
            </TableCell>
            {rest.map((field) => (
              <TableCell key={field} className="max-w-64 truncate">
                {formatValue(readField(entity.data, field))}
              </TableCell>
            ))}
            <TableCell>
              <Badge variant={entity.status === "active" ? "secondary" : "outline"}>
                {entity.status}
              </Badge>
            </TableCell>
            <TableCell>
              <FormattedDate value={entity.createdAt} withTime />
            </TableCell>
            <TableCell>
              <FormattedDate value={entity.updatedAt} withTime />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
