import type { Metadata } from "next";

import { MembersView } from "@/components/members/members-view";
import { getNavItem } from "@/components/nav/nav-items";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/members");

export const metadata: Metadata = { title: section.title };

export default async function MembersPage() {
  await requireAccount();
  prefetch(trpc.memberships.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <MembersView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
