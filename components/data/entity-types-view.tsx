"use client";

import { useQuery } from "@tanstack/react-query";

import { EntityTypeDialog } from "@/components/data/entity-type-dialog";
import { EntityTypesTable } from "@/components/data/entity-types-table";
import { FirstRunPacks } from "@/components/packs/first-run-packs";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type EntityTypesViewProps = { title: string; description: string };

/** The organization's entity types; owners and admins create, edit and delete them. */
export function EntityTypesView({ title, description }: EntityTypesViewProps) {
  const trpc = useTRPC();
  const entityTypes = useQuery(trpc.entityTypes.list.queryOptions());
  const current = useCurrentMember();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description}>
        {current.canManage && <EntityTypeDialog trigger={<Button>New entity type</Button>} />}
      </PageHeader>
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      {/* An organization without types is offered the pack catalog instead of an empty table. */}
      <FirstRunPacks>
        <Card>
          <CardHeader>
            <CardTitle role="heading" aria-level={2}>
              Entity types
            </CardTitle>
            <CardDescription>
              Each type is a kind of record with a JSON Schema; open one to browse its records.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {entityTypes.isPending ? (
              <TableSkeleton label="Loading entity types" />
            ) : entityTypes.error ? (
              // Members are refused (FORBIDDEN) until roles and policies land: say so, don't crash.
              <Alert variant="destructive">{errorMessage(entityTypes.error)}</Alert>
            ) : (
              <EntityTypesTable entityTypes={entityTypes.data} canManage={current.canManage} />
            )}
          </CardContent>
        </Card>
      </FirstRunPacks>
    </div>
  );
}
