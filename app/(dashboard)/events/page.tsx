import type { Metadata } from "next";

import { eventsListInput, NO_FILTERS, nextCursor } from "@/components/events/event-queries";
import { EventsView } from "@/components/events/events-view";
import { getNavItem } from "@/components/nav/nav-items";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/events");

export const metadata: Metadata = { title: section.title };

export default async function EventsPage() {
  await requireAccount();
  // The first page of the unfiltered log, under the key the client's infinite query uses
  // (`prefetch` knows plain queries only).
  void getQueryClient().prefetchInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(eventsListInput(NO_FILTERS), {
      getNextPageParam: nextCursor,
    }),
  );
  prefetch(trpc.events.getEventTypes.queryOptions());
  return (
    <HydrateClient>
      <EventsView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
