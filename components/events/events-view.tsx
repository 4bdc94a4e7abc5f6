"use client";

import { useState } from "react";

import { EventFilterBar } from "@/components/events/event-filter-bar";
import {
  eventsListInput,
  hasFilters,
  NO_FILTERS,
  type EventFilters,
} from "@/components/events/event-queries";
import { EventTimeline } from "@/components/events/event-timeline";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";

export type EventsViewProps = { title: string; description: string };

/** The organization's audit log: every change to its data, who made it and when. */
export function EventsView({ title, description }: EventsViewProps) {
  const [filters, setFilters] = useState<EventFilters>(NO_FILTERS);
  // The entity id is typed (or pasted) character by character: query once it settles.
  const entityId = useDebouncedValue(filters.entityId, 300);
  const applied = { ...filters, entityId };

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description} />
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Timeline
          </CardTitle>
          <CardDescription>
            Newest first. Times are in your time zone; expand an event to see its payload.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <EventFilterBar filters={filters} onChange={setFilters} />
          <EventTimeline
            input={eventsListInput(applied)}
            filtered={hasFilters(applied)}
            onShowEntity={(id) => setFilters({ ...filters, entityId: id })}
          />
        </CardContent>
      </Card>
    </div>
  );
}
