"use client";

import { useQuery } from "@tanstack/react-query";

import { PageHeader } from "@/components/page-header";
import { PackCard } from "@/components/packs/pack-card";
import { MEMBERS_CANNOT_MANAGE_PACKS } from "@/components/packs/pack-helpers";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type PacksViewProps = { title: string; description: string };

/** The pack catalog with each pack's install state, for owners and admins. */
export function PacksView({ title, description }: PacksViewProps) {
  const trpc = useTRPC();
  const current = useCurrentMember();
  // The server keeps packs, reads included, to owners and admins: members are not sent asking.
  const packs = useQuery({ ...trpc.packs.list.queryOptions(), enabled: current.canManage });

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description} />
      {current.error ? (
        <Alert variant="destructive">{errorMessage(current.error)}</Alert>
      ) : current.isPending || (current.canManage && packs.isPending) ? (
        <TableSkeleton label="Loading packs" />
      ) : !current.canManage ? (
        <Alert>{MEMBERS_CANNOT_MANAGE_PACKS}</Alert>
      ) : packs.error ? (
        <Alert variant="destructive">{errorMessage(packs.error)}</Alert>
      ) : (
        <div className="flex flex-col gap-4">
          {packs.data?.map((pack) => (
            <PackCard key={pack.id} pack={pack} />
          ))}
        </div>
      )}
    </div>
  );
}
