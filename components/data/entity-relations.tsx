"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId } from "react";

import { LinkEntityForm } from "@/components/data/link-entity-form";
import { useEntityTypeIndex } from "@/components/data/use-entity-type-index";
import { useInvalidateEntities } from "@/components/data/use-invalidate-data";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type Related = RouterOutputs["entities"]["getRelated"][number];

/** The link's ends as unlink takes them: "from" means this record points at the other. */
function ends(entityId: string, item: Related) {
  return item.direction === "from"
    ? { fromId: entityId, toId: item.entity.id }
    : { fromId: item.entity.id, toId: entityId };
}

export function EntityRelations({ entityId }: { entityId: string }) {
  const trpc = useTRPC();
  const headingId = useId();
  const types = useEntityTypeIndex();
  const invalidateEntities = useInvalidateEntities();
  const related = useQuery(trpc.entities.getRelated.queryOptions({ entityId }));
  // No confirmation: a link holds no data of its own and is re-created in one step.
  const unlink = useMutation(
    trpc.entities.unlink.mutationOptions({ onSuccess: invalidateEntities }),
  );

  const isUnlinking = (item: Related) =>
    unlink.isPending &&
    unlink.variables.relationType === item.relation.relationType &&
    unlink.variables.fromId === ends(entityId, item).fromId &&
    unlink.variables.toId === ends(entityId, item).toId;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <h3 id={headingId} className="text-base font-semibold">
        Relations
      </h3>
      {related.isPending ? (
        <TableSkeleton label="Loading relations" rows={2} />
      ) : related.error ? (
        <Alert variant="destructive">{errorMessage(related.error)}</Alert>
      ) : related.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No relations yet.</p>
      ) : (
        <ul className="flex flex-col divide-y rounded-md border">
          {related.data.map((item) => (
            <li
              key={item.relation.id}
              className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm"
            >
              <Badge variant="outline">{item.relation.relationType}</Badge>
              <span className="text-muted-foreground">
                {item.direction === "from" ? "→ outgoing to" : "← incoming from"}
              </span>
              <span className="font-medium">
                {types.labelOf(item.entity, types.bySlug.get(item.entityType.slug))}
              </span>
              <span className="text-muted-foreground">({item.entityType.name})</span>
              <Button
                variant="outline"
                size="sm"
                className="ml-auto"
                disabled={unlink.isPending}
                onClick={() =>
                  unlink.mutate({
                    ...ends(entityId, item),
                    relationType: item.relation.relationType,
                  })
                }
              >
                {isUnlinking(item) && <Spinner label="" />}
                Unlink
              </Button>
            </li>
          ))}
        </ul>
      )}
      {unlink.error && <Alert variant="destructive">{errorMessage(unlink.error)}</Alert>}
      <LinkEntityForm entityId={entityId} />
    </section>
  );
}
