import type { Metadata } from "next";

import { ComingSoon } from "@/components/coming-soon";
import { getNavItem } from "@/components/nav/nav-items";
import { FirstRunPacks } from "@/components/packs/first-run-packs";
import { PageHeader } from "@/components/page-header";
import { SystemStatus } from "@/components/system-status";
import { canManageOrg } from "@/lib/org-roles";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/");

export const metadata: Metadata = { title: section.title };

const welcome = "Welcome to AgentForge. This is the home of your workspace.";

export default async function OverviewPage() {
  const account = await requireAccount();
  prefetch(trpc.system.health.queryOptions());
  // An organization without entity types is offered the pack catalog (first run), if the user
  // may install packs.
  prefetch(trpc.entityTypes.list.queryOptions());
  if (canManageOrg(account.active?.role)) prefetch(trpc.packs.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-6">
        <FirstRunPacks heading={<PageHeader title={section.title} description={welcome} />}>
          <ComingSoon title={section.title} description={welcome} detail={section.description} />
        </FirstRunPacks>
        <SystemStatus />
      </div>
    </HydrateClient>
  );
}
