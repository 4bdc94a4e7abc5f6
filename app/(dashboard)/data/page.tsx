import type { Metadata } from "next";

import { EntityTypesView } from "@/components/data/entity-types-view";
import { getNavItem } from "@/components/nav/nav-items";
import { canManageOrg } from "@/lib/org-roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/data");

export const metadata: Metadata = { title: section.title };

export default async function DataPage() {
  const account = await requireAccount();
  prefetch(trpc.entityTypes.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  // Offered instead of an empty table while the organization has no entity types.
  if (canManageOrg(account.active?.role)) prefetch(trpc.packs.list.queryOptions());
  return (
    <HydrateClient>
      <EntityTypesView
        title={section.title}
        description="Entity types define your business records with a JSON Schema; browse, search and link the records of each type."
      />
    </HydrateClient>
  );
}
