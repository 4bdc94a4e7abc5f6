"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";

import {
  ACTOR_TYPES,
  hasFilters,
  NO_FILTERS,
  rangeError,
  type ActorType,
  type EventFilters,
} from "@/components/events/event-queries";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";

export type EventFilterBarProps = {
  filters: EventFilters;
  onChange: (filters: EventFilters) => void;
};

/** The log's filters. Every change applies at once: there is no "apply" step to forget. */
export function EventFilterBar({ filters, onChange }: EventFilterBarProps) {
  const trpc = useTRPC();
  // Fails like the log itself for members; the select then offers "All" only.
  const eventTypes = useQuery(trpc.events.getEventTypes.queryOptions());
  const id = useId();
  const set = <K extends keyof EventFilters>(key: K, value: EventFilters[K]) =>
    onChange({ ...filters, [key]: value });
  const options = eventTypes.data ?? [];
  // A type chosen earlier stays selectable even when the list has not loaded (yet).
  const typeOptions =
    filters.eventType && !options.includes(filters.eventType)
      ? [filters.eventType, ...options]
      : options;
  // One error for the From–To pair, under the bar rather than under either field.
  const invalidRange = rangeError(filters);

  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <FormField id={`${id}-type`} label="Event type" className="gap-1.5">
          <Select
            id={`${id}-type`}
            value={filters.eventType}
            onChange={(e) => set("eventType", e.target.value)}
          >
            <option value="">All event types</option>
            {typeOptions.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField id={`${id}-entity`} label="Entity" className="gap-1.5">
          <Input
            id={`${id}-entity`}
            value={filters.entityId}
            placeholder="Entity id"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            onChange={(e) => set("entityId", e.target.value)}
          />
        </FormField>
        <FormField id={`${id}-actor`} label="Actor" className="gap-1.5">
          <Select
            id={`${id}-actor`}
            value={filters.actorType}
            // The options are ACTOR_TYPES and "", so the value is always one of them.
            onChange={(e) => set("actorType", e.target.value as ActorType | "")}
          >
            <option value="">All actors</option>
            {ACTOR_TYPES.map((actor) => (
              <option key={actor.value} value={actor.value}>
                {actor.label}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField id={`${id}-from`} label="From" className="gap-1.5">
          <Input
            id={`${id}-from`}
            type="datetime-local"
            value={filters.from}
            max={filters.to || undefined}
            aria-invalid={invalidRange ? true : undefined}
            aria-describedby={invalidRange ? `${id}-range` : undefined}
            onChange={(e) => set("from", e.target.value)}
          />
        </FormField>
        <FormField id={`${id}-to`} label="To" className="gap-1.5">
          <Input
            id={`${id}-to`}
            type="datetime-local"
            value={filters.to}
            min={filters.from || undefined}
            aria-invalid={invalidRange ? true : undefined}
            aria-describedby={invalidRange ? `${id}-range` : undefined}
            onChange={(e) => set("to", e.target.value)}
          />
        </FormField>
      </div>
      {(invalidRange || hasFilters(filters)) && (
        <div className="flex flex-wrap items-center gap-2">
          <FieldError id={`${id}-range`} message={invalidRange} />
          {hasFilters(filters) && (
            <Button
              variant="ghost"
              size="sm"
              className="ml-auto"
              onClick={() => onChange(NO_FILTERS)}
            >
              Clear filters
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
