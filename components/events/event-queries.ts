import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

// The event log page's filters and the query input they make. Shared by the server page (which
// prefetches the first page) and the client view, so both use the same query key.

type ListInput = RouterInputs["events"]["list"];
export type EventsListInput = Omit<ListInput, "cursor">;
export type EventRecord = RouterOutputs["events"]["list"]["items"][number];
export type ActorType = EventRecord["actorType"];

export const PAGE_SIZE = 25;

export const ACTOR_TYPES: readonly { value: ActorType; label: string }[] = [
  { value: "user", label: "User" },
  { value: "apiKey", label: "API key" },
  { value: "agent", label: "Agent" },
  { value: "system", label: "System" },
  { value: "webhook", label: "Webhook" },
];

export function actorTypeLabel(value: ActorType): string {
  return ACTOR_TYPES.find((actor) => actor.value === value)?.label ?? value;
}

/** What the filter controls hold: "" means "any"; times are `datetime-local` values. */
export type EventFilters = {
  eventType: string;
  entityId: string;
  actorType: ActorType | "";
  from: string;
  to: string;
};

export const NO_FILTERS: EventFilters = {
  eventType: "",
  entityId: "",
  actorType: "",
  from: "",
  to: "",
};

export function hasFilters(filters: EventFilters): boolean {
  return Object.values(filters).some((value) => value !== "");
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A `datetime-local` value ("2025-03-01T09:30") as a moment in the user's time zone. */
export function parseLocalDateTime(value: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(year!, month! - 1, day!, hour!, minute!, second!);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The time range as the API takes it: `since` inclusive, `until` exclusive. "To" names a
 * minute the user wants included, so `until` is the end of that minute.
 */
export function timeRange(filters: Pick<EventFilters, "from" | "to">): {
  since?: Date;
  until?: Date;
} {
  const since = parseLocalDateTime(filters.from);
  const to = parseLocalDateTime(filters.to);
  const until = to && new Date(to.getTime() + (to.getSeconds() === 0 ? 60_000 : 1_000));
  return { ...(since && { since }), ...(until && { until }) };
}

/** Explains a range that can match nothing, rather than showing an unexplained empty list. */
export function rangeError(filters: Pick<EventFilters, "from" | "to">): string | null {
  const { since, until } = timeRange(filters);
  if (since && until && since >= until) return "“From” must be before “To”.";
  return null;
}

/**
 * The list input for the filters. Unset filters are left out (not `undefined`), so the query
 * key of "no filters" is the one the server page prefetched.
 */
export function eventsListInput(filters: EventFilters): EventsListInput {
  const entityId = filters.entityId.trim();
  return {
    limit: PAGE_SIZE,
    ...(filters.eventType && { eventType: filters.eventType }),
    ...(entityId && { entityId }),
    ...(filters.actorType && { actorType: filters.actorType }),
    ...timeRange(filters),
  };
}

/** Where the next page starts; undefined ends the list (TanStack's convention). */
export function nextCursor(page: { nextCursor: string | null }): string | undefined {
  return page.nextCursor ?? undefined;
}
