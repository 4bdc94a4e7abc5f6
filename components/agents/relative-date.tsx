"use client";

import { useSyncExternalStore } from "react";

import { formatRelative } from "@/components/agents/agent-helpers";
import { formatDate } from "@/lib/format";

// "Now" to the next whole minute: the snapshot stays equal for a minute (as useSyncExternalStore
// requires), and a moment that just happened never reads as being in the future.
const nextMinute = () => Math.ceil(Date.now() / 60_000) * 60_000;
const everyHalfMinute = (onChange: () => void) => {
  const timer = setInterval(onChange, 30_000);
  return () => clearInterval(timer);
};

export type RelativeDateProps = { value: Date | null; fallback?: string };

/**
 * "5 minutes ago", the exact time in its tooltip. The server knows neither the user's clock nor
 * their locale: it renders the absolute UTC date, and the browser replaces it after hydration.
 */
export function RelativeDate({ value, fallback = "never" }: RelativeDateProps) {
  const now = useSyncExternalStore(everyHalfMinute, nextMinute, () => null);
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  const exact = formatDate(
    value,
    now === null ? { withTime: true, locale: "en-US", timeZone: "UTC" } : { withTime: true },
  );
  return (
    <time dateTime={value.toISOString()} title={exact} className="whitespace-nowrap">
      {now === null ? exact : formatRelative(value, new Date(now))}
    </time>
  );
}
