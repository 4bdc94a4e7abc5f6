"use client";

import {
  entityLabel,
  formatValue,
  readField,
  type Entity,
  type SchemaProperty,
} from "@/components/data/schema-utils";
import { FormattedDate } from "@/components/formatted-date";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

export type EntitiesTableProps = {
  typeName: string;
  entities: Entity[];
  /** The columns: list fields of the type (the first one names each record). */
  columns: string[];
  properties: SchemaProperty[];
  onOpen: (entity: Entity) => void;
};

export function EntitiesTable({
  typeName,
  entities,
  columns,
  properties,
  onOpen,
}: EntitiesTableProps) {
  const header = (field: string) =>
    properties.find((property) => property.name === field)?.label ?? field;
  const [first, ...rest] = columns;

  return (
    <Table>
      <TableCaption className="sr-only">{typeName} records</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>{first ? header(first) : "Record"}</TableHead>
          {rest.map((field) => (
            <TableHead key={field}>{header(field)}</TableHead>
          ))}
          <TableHead>Status</TableHead>
          <TableHead>Updated</TableHead>
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
              <FormattedDate value={entity.updatedAt} withTime />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
