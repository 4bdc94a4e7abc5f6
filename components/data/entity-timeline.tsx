"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useId } from "react";

import { isRecord } from "@/components/data/schema-utils";
import { FormattedDate } from "@/components/formatted-date";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

const PAGE_SIZE = 20;
/** Characters of the one-line payload preview; the full payload is one click away. */
const PREVIEW_LENGTH = 120;

function preview(payload: unknown): string | null {
  if (payload === null || (isRecord(payload) && Object.keys(payload).length === 0)) return null;
  const text = JSON.stringify(payload);
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}

/** The record's audit trail, newest first (the order the API returns it in). */
export function EntityTimeline({ entityId }: { entityId: string }) {
  const trpc = useTRPC();
  const headingId = useId();
  const events = useInfiniteQuery(
    trpc.events.getByEntity.infiniteQueryOptions(
      { entityId, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <h3 id={headingId} className="text-base font-semibold">
        Timeline
      </h3>
      {events.isPending ? (
        <TableSkeleton label="Loading events" rows={2} />
      ) : events.error ? (
        <Alert variant="destructive">{errorMessage(events.error)}</Alert>
      ) : (
        <>
          <ol className="flex flex-col gap-2" aria-label="Events">
            {events.data.pages.flatMap((page) =>
              page.items.map((event) => {
                const summary = preview(event.payload);
                return (
                  <li key={event.id} className="flex flex-col gap-1 rounded-md border px-3 py-2">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <code className="font-mono text-xs font-medium">{event.eventType}</code>
                      <span className="text-xs text-muted-foreground">
                        <FormattedDate value={event.timestamp} withTime />
                      </span>
                    </div>
                    <p className="text-xs text-muted-foreground">
                      by {event.actorType}
                      {event.actorId && <span className="font-mono"> {event.actorId}</span>}
                    </p>
                    {summary && (
                      <details className="text-xs">
                        <summary className="cursor-pointer truncate font-mono">{summary}</summary>
                        <pre className="mt-1 max-h-60 overflow-auto rounded bg-muted p-2 font-mono whitespace-pre-wrap">
                          {JSON.stringify(event.payload, null, 2)}
                        </pre>
                      </details>
                    )}
                  </li>
                );
              }),
            )}
          </ol>
          {events.data.pages[0]?.items.length === 0 && (
            <p className="text-sm text-muted-foreground">No events yet.</p>
          )}
          {events.hasNextPage && (
            <div>
              <Button
                variant="outline"
                size="sm"
                disabled={events.isFetchingNextPage}
                onClick={() => void events.fetchNextPage()}
              >
                {events.isFetchingNextPage && <Spinner label="" />}
                Load older events
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
