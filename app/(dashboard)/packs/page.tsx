import type { Metadata } from "next";

import { getNavItem } from "@/components/nav/nav-items";
import { PacksView } from "@/components/packs/packs-view";
import { canManageOrg } from "@/lib/org-roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/packs");

export const metadata: Metadata = { title: section.title };

export default async function PacksPage() {
  const account = await requireAccount();
  // Owners and admins only, as the server decides: a member is told so instead.
  if (canManageOrg(account.active?.role)) prefetch(trpc.packs.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <PacksView
        title={section.title}
        description="Packs bundle entity types, roles with their policies, scope rules and masks, and starter agents for a kind of business; install one to start from a working setup."
      />
    </HydrateClient>
  );
}
