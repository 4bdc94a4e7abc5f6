"use client";

import { useSyncExternalStore } from "react";

import { formatDate } from "@/lib/format";

const noSubscription = () => () => {};

export type FormattedDateProps = {
  value: Date | null;
  /** Shown for a missing date, e.g. a key that was never used. */
  fallback?: string;
  withTime?: boolean;
};

/** A date in the user's locale and time zone, or `fallback` ("never") when there is none. */
export function FormattedDate({ value, fallback = "never", withTime = false }: FormattedDateProps) {
  // The server cannot know the user's locale or time zone: server render and hydration use a
  // fixed en-US/UTC format so the markup matches, then the browser re-renders in its own.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  const text = formatDate(
    value,
    inBrowser ? { withTime } : { withTime, locale: "en-US", timeZone: "UTC" },
  );
  return (
    <time dateTime={value.toISOString()} className="whitespace-nowrap">
      {text}
    </time>
  );
}
