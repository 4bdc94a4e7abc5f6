import type { Metadata } from "next";

import { ComingSoon } from "@/components/coming-soon";
import { getNavItem } from "@/components/nav/nav-items";
import { SystemStatus } from "@/components/system-status";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/");

export const metadata: Metadata = { title: section.title };

export default async function OverviewPage() {
  await requireAccount();
  prefetch(trpc.system.health.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-6">
        <ComingSoon
          title={section.title}
          description="Welcome to AgentForge. This is the home of your workspace."
          detail={section.description}
        />
        <SystemStatus />
      </div>
    </HydrateClient>
  );
}
