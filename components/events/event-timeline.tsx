"use client";

import { LoadMoreButton } from "@/components/load-more-button";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";

import { EventItem } from "@/components/events/event-item";
import { nextCursor, type EventsListInput } from "@/components/events/event-queries";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type EventTimelineProps = {
  input: EventsListInput;
  filtered: boolean;
  onShowEntity: (entityId: string) => void;
};

/** The log, newest first (the API's order), a page at a time. */
export function EventTimeline({ input, filtered, onShowEntity }: EventTimelineProps) {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(input, {
      getNextPageParam: nextCursor,
      // Changing a filter keeps the current list on screen until the new one arrives,
      // instead of flashing the skeleton at every keystroke.
      placeholderData: keepPreviousData,
    }),
  );

  if (events.isPending) return <TableSkeleton label="Loading events" rows={4} />;
  // Members are refused the log (FORBIDDEN) until the permissions issue: the server's message.
  if (!events.data) return <Alert variant="destructive">{errorMessage(events.error)}</Alert>;

  const items = events.data.pages.flatMap((page) => page.items);
  const updating = events.isPlaceholderData && events.isFetching;
  return (
    <div className="flex flex-col gap-3" aria-busy={updating}>
      {updating && (
        <div className="flex items-center gap-2 text-sm text-muted-foreground">
          <Spinner label="Updating events" />
          <span aria-hidden="true">Updating…</span>
        </div>
      )}
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {filtered ? "No events match these filters." : "No events yet."}
        </p>
      ) : (
        <ol className="flex flex-col gap-2" aria-label="Events">
          {items.map((event) => (
            <EventItem key={event.id} event={event} onShowEntity={onShowEntity} />
          ))}
        </ol>
      )}
      {/* A failed "Load more" or refresh keeps the pages already shown. */}
      {events.isError && <Alert variant="destructive">{errorMessage(events.error)}</Alert>}
      <LoadMoreButton pages={events} />
    </div>
  );
}
