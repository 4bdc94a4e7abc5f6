import type { Metadata } from "next";

import { agentsListInput, nextCursor } from "@/components/agents/agent-helpers";
import { AgentsView } from "@/components/agents/agents-view";
import { getNavItem } from "@/components/nav/nav-items";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/agents");

export const metadata: Metadata = { title: section.title };

export default async function AgentsPage() {
  await requireAccount();
  // The first page of live agents, under the key the client's infinite query uses.
  void getQueryClient().prefetchInfiniteQuery(
    trpc.agents.list.infiniteQueryOptions(agentsListInput(""), { getNextPageParam: nextCursor }),
  );
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <AgentsView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
