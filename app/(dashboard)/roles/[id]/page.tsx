import type { Metadata } from "next";

import { getNavItem } from "@/components/nav/nav-items";
import { RoleDetailView } from "@/components/roles/role-detail-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/roles");

// The section's title, not the role's name: naming the tab is not worth a database read.
export const metadata: Metadata = { title: section.title };

type Params = { params: Promise<{ id: string }> };

export default async function RolePage({ params }: Params) {
  await requireAccount();
  const { id } = await params;
  prefetch(trpc.roles.getWithPolicies.queryOptions({ id }));
  prefetch(trpc.users.list.queryOptions());
  prefetch(trpc.entityTypes.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <RoleDetailView id={id} />
    </HydrateClient>
  );
}
