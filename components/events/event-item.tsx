import Link from "next/link";

import { actorTypeLabel, type EventRecord } from "@/components/events/event-queries";
import { FormattedDate } from "@/components/formatted-date";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

export type EventItemProps = {
  event: EventRecord;
  /** Narrows the log to this event's entity (the Entity filter). */
  onShowEntity?: (entityId: string) => void;
};

function isEmptyPayload(payload: unknown): boolean {
  return (
    payload === null ||
    payload === undefined ||
    (typeof payload === "object" && Object.keys(payload).length === 0)
  );
}

/** One entry of the log: what happened, who did it, to which record, when, and the details. */
export function EventItem({ event, onShowEntity }: EventItemProps) {
  const { entityId, entityTypeSlug } = event;
  return (
    <li className="flex flex-col gap-2 rounded-md border px-4 py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <code className="font-mono text-sm font-medium break-all">{event.eventType}</code>
        <span className="text-xs text-muted-foreground">
          <FormattedDate value={event.timestamp} withTime />
        </span>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted-foreground">Actor</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <Badge variant="secondary">{actorTypeLabel(event.actorType)}</Badge>
          {event.actorId && <span className="font-mono break-all">{event.actorId}</span>}
        </dd>
        {entityId && (
          <>
            <dt className="text-muted-foreground">Entity</dt>
            <dd className="flex flex-wrap items-center gap-2">
              {entityTypeSlug ? (
                <Link
                  href={`/data/${entityTypeSlug}`}
                  className="font-mono break-all underline-offset-4 hover:underline"
                >
                  {entityTypeSlug}/{entityId}
                </Link>
              ) : (
                <span className="font-mono break-all">{entityId}</span>
              )}
              {onShowEntity && (
                <Button
                  variant="ghost"
                  size="sm"
                  className="h-6 px-2"
                  onClick={() => onShowEntity(entityId)}
                >
                  Only this entity
                </Button>
              )}
            </dd>
          </>
        )}
        {!entityId && entityTypeSlug && (
          <>
            <dt className="text-muted-foreground">Type</dt>
            <dd>
              <Link
                href={`/data/${entityTypeSlug}`}
                className="font-mono underline-offset-4 hover:underline"
              >
                {entityTypeSlug}
              </Link>
            </dd>
          </>
        )}
      </dl>
      {!isEmptyPayload(event.payload) && (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted-foreground select-none">Payload</summary>
          <pre className="mt-2 max-h-80 overflow-auto rounded bg-muted p-3 font-mono whitespace-pre-wrap">
            {JSON.stringify(event.payload, null, 2)}
          </pre>
        </details>
      )}
    </li>
  );
}
