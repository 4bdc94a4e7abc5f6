import type { Metadata } from "next";

import { nextCursor } from "@/components/agents/agent-helpers";
import { getNavItem } from "@/components/nav/nav-items";
import { AGENT_OPTIONS_LIMIT, threadsListInput } from "@/components/threads/thread-helpers";
import { ThreadsView } from "@/components/threads/threads-view";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/threads");

export const metadata: Metadata = { title: section.title };

export default async function ThreadsPage() {
  await requireAccount();
  // The first unfiltered page, under the key the client's infinite query uses.
  void getQueryClient().prefetchInfiniteQuery(
    trpc.threads.list.infiniteQueryOptions(threadsListInput("", ""), {
      getNextPageParam: nextCursor,
    }),
  );
  prefetch(trpc.agents.list.queryOptions({ limit: AGENT_OPTIONS_LIMIT }));
  prefetch(trpc.users.list.queryOptions());
  return (
    <HydrateClient>
      <ThreadsView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
