import type { Metadata } from "next";

import { HISTORY_PAGE_SIZE, nextCursor } from "@/components/agents/agent-helpers";
import { VersionsView } from "@/components/agents/versions-view";
import { getNavItem } from "@/components/nav/nav-items";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/agents");

export const metadata: Metadata = { title: `Versions · ${section.title}` };

type Params = { params: Promise<{ id: string }> };

export default async function AgentVersionsPage({ params }: Params) {
  await requireAccount();
  const { id } = await params;
  prefetch(trpc.agents.diff.queryOptions({ agentId: id }));
  void getQueryClient().prefetchInfiniteQuery(
    trpc.agents.listConfigs.infiniteQueryOptions(
      { agentId: id, limit: HISTORY_PAGE_SIZE },
      { getNextPageParam: nextCursor },
    ),
  );
  prefetch(trpc.agents.get.queryOptions({ id }));
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <VersionsView id={id} />
    </HydrateClient>
  );
}
