"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { EntityDataList } from "@/components/data/entity-data-list";
import { EntityFormDialog } from "@/components/data/entity-form-dialog";
import { EntityRelations } from "@/components/data/entity-relations";
import { EntityTimeline } from "@/components/data/entity-timeline";
import {
  entityLabel,
  listFieldsOf,
  schemaProperties,
  type Entity,
  type EntityType,
} from "@/components/data/schema-utils";
import { useInvalidateEntities } from "@/components/data/use-invalidate-data";
import { FormattedDate } from "@/components/formatted-date";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

type DetailBodyProps = { entityType: EntityType; initial: Entity; onClose: () => void };

function EntityDetailBody({ entityType, initial, onClose }: DetailBodyProps) {
  const trpc = useTRPC();
  const invalidateEntities = useInvalidateEntities();
  const properties = useMemo(() => schemaProperties(entityType.schema), [entityType.schema]);
  // The row's copy shows at once; the fresh one replaces it (and follows edits).
  const fresh = useQuery(
    trpc.entities.get.queryOptions({ id: initial.id }, { placeholderData: initial }),
  );
  const entity = fresh.data ?? initial;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation(
    trpc.entities.remove.mutationOptions({
      onSuccess: async () => {
        setDeleting(false);
        onClose();
        await invalidateEntities();
      },
    }),
  );
  const label = entityLabel(entity, listFieldsOf(entityType));

  return (
    <>
      <DialogHeader>
        <DialogTitle className="break-words">{label}</DialogTitle>
        <DialogDescription className="flex flex-wrap items-center gap-2">
          <span>{entityType.name}</span>
          <Badge variant={entity.status === "active" ? "secondary" : "outline"}>
            {entity.status}
          </Badge>
          <span>
            Updated <FormattedDate value={entity.updatedAt} withTime />
          </span>
          {fresh.isFetching && <Spinner label="Refreshing record" />}
        </DialogDescription>
      </DialogHeader>
      {fresh.error && <Alert variant="destructive">{errorMessage(fresh.error)}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
          Edit
        </Button>
        <Button
          variant="outline"
          size="sm"
          onClick={() => {
            remove.reset();
            setDeleting(true);
          }}
        >
          Delete
        </Button>
      </div>
      <EntityDataList data={entity.data} properties={properties} />
      <EntityRelations entityId={entity.id} />
      <EntityTimeline entityId={entity.id} />
      <EntityFormDialog
        entityType={entityType}
        entity={entity}
        open={editing}
        onOpenChange={setEditing}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${entityType.name}`}
        description={`Delete ${label}? It disappears from lists, searches and relations.`}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate({ id: entity.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
      />
    </>
  );
}

export type EntityDetailProps = {
  entityType: EntityType;
  /** The record to show; null closes the panel. */
  entity: Entity | null;
  onClose: () => void;
};

/** A record with its data, relations and event timeline, in a dialog over the browser. */
export function EntityDetail({ entityType, entity, onClose }: EntityDetailProps) {
  return (
    <Dialog open={entity !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-3xl">
        {entity && (
          <EntityDetailBody
            key={entity.id}
            entityType={entityType}
            initial={entity}
            onClose={onClose}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
