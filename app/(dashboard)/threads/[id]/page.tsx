import type { Metadata } from "next";

import { nextCursor } from "@/components/agents/agent-helpers";
import { getNavItem } from "@/components/nav/nav-items";
import { messagesInput } from "@/components/threads/thread-helpers";
import { ThreadView } from "@/components/threads/thread-view";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/threads");

// The section's title: naming the tab after the thread is not worth a database read.
export const metadata: Metadata = { title: section.title };

type Params = { params: Promise<{ id: string }> };

export default async function ThreadPage({ params }: Params) {
  await requireAccount();
  const { id } = await params;
  prefetch(trpc.threads.get.queryOptions({ id }));
  void getQueryClient().prefetchInfiniteQuery(
    trpc.threads.getMessages.infiniteQueryOptions(messagesInput(id), {
      getNextPageParam: nextCursor,
    }),
  );
  return (
    <HydrateClient>
      <ThreadView id={id} />
    </HydrateClient>
  );
}
