"use client";

import Link from "next/link";

import { DeleteEntityTypeButton } from "@/components/data/delete-entity-type-button";
import { EntityTypeDialog } from "@/components/data/entity-type-dialog";
import type { EntityType } from "@/components/data/schema-utils";
import { FormattedDate } from "@/components/formatted-date";
import { Button } from "@/components/ui/button";
import { ListTable } from "@/components/list-table";
import { TableCell, TableRow } from "@/components/ui/table";

export type EntityTypesTableProps = { entityTypes: EntityType[]; canManage: boolean };

export function EntityTypesTable({ entityTypes, canManage }: EntityTypesTableProps) {
  return (
    <ListTable
      caption="Entity types"
      emptyMessage={<>No entity types yet.{canManage && " Create one to start storing records."}</>}
      rowCount={entityTypes.length}
      columns={["Name", "Slug", "Description", "Updated"]}
      actions={canManage}
    >
      {entityTypes.map((entityType) => (
        <TableRow key={entityType.id}>
          <TableCell className="font-medium">
            <Link
              href={`/data/${entityType.slug}`}
              className="underline-offset-4 hover:underline focus-visible:underline"
            >
              {entityType.name}
            </Link>
          </TableCell>
          <TableCell>
            <code className="font-mono text-xs">{entityType.slug}</code>
          </TableCell>
          <TableCell className="max-w-96 truncate text-muted-foreground">
            {entityType.description ?? "—"}
          </TableCell>
          <TableCell>
            <FormattedDate value={entityType.updatedAt} />
          </TableCell>
          {canManage && (
            <TableCell>
              <div className="flex justify-end gap-2">
                <EntityTypeDialog
                  entityType={entityType}
                  trigger={
                    <Button variant="outline" size="sm">
                      Edit
                    </Button>
                  }
                />
                <DeleteEntityTypeButton entityType={entityType} />
              </div>
            </TableCell>
          )}
        </TableRow>
      ))}
    </ListTable>
  );
}
