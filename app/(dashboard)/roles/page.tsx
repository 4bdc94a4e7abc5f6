import type { Metadata } from "next";

import { getNavItem } from "@/components/nav/nav-items";
import { RolesView } from "@/components/roles/roles-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/roles");

export const metadata: Metadata = { title: section.title };

export default async function RolesPage() {
  await requireAccount();
  prefetch(trpc.roles.list.queryOptions());
  prefetch(trpc.users.list.queryOptions());
  prefetch(trpc.entityTypes.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <RolesView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
