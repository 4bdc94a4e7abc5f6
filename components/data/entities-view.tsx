"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { DeleteEntityTypeButton } from "@/components/data/delete-entity-type-button";
import { EntitiesBrowser } from "@/components/data/entities-browser";
import { EntityFormDialog } from "@/components/data/entity-form-dialog";
import { EntityTypeDialog } from "@/components/data/entity-type-dialog";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

function BackLink() {
  return (
    <Link
      href="/data"
      className="w-fit text-sm text-muted-foreground underline-offset-4 hover:underline"
    >
      ← All entity types
    </Link>
  );
}

/** One entity type's page: its records, and (for admins) the type's own settings. */
export function EntitiesView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const current = useCurrentMember();
  const entityType = useQuery(trpc.entityTypes.getBySlug.queryOptions({ slug }));
  const [creating, setCreating] = useState(false);

  if (entityType.isPending) {
    return (
      <div className="flex flex-col gap-6">
        <BackLink />
        <TableSkeleton label="Loading entity type" />
      </div>
    );
  }
  if (entityType.error) {
    // The type's name is unknown: its slug stands in as the page title.
    return (
      <div className="flex flex-col gap-6">
        <BackLink />
        <PageHeader title={slug} description="Records of this entity type." />
        <Alert variant="destructive">{errorMessage(entityType.error)}</Alert>
      </div>
    );
  }

  const type = entityType.data;
  return (
    <div className="flex flex-col gap-6">
      <BackLink />
      <PageHeader
        title={type.name}
        description={type.description ?? `Records of type ${type.slug}.`}
      >
        {current.canManage && (
          <>
            <EntityTypeDialog
              entityType={type}
              trigger={<Button variant="outline">Edit entity type</Button>}
            />
            <DeleteEntityTypeButton entityType={type} onDeleted={() => router.push("/data")} />
          </>
        )}
        {/* Shown to everyone who can see the type: whether they may create records is the
            policy's decision, and its refusal is shown in the form. */}
        <EntityFormDialog
          entityType={type}
          open={creating}
          onOpenChange={setCreating}
          trigger={<Button>{`New ${type.name}`}</Button>}
        />
      </PageHeader>
      <EntitiesBrowser key={type.id} entityType={type} />
    </div>
  );
}
