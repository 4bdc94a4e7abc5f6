import { describe, expect, it } from "vitest";

import {
  eventsListInput,
  hasFilters,
  NO_FILTERS,
  PAGE_SIZE,
  parseLocalDateTime,
  rangeError,
  timeRange,
} from "@/components/events/event-queries";

// The Events page's filters → the events.list input. Expected dates are built with the local
// Date constructor, so the tests hold in any time zone.

describe("parseLocalDateTime", () => {
  it("reads datetime-local values as local time, with or without seconds", () => {
    expect(parseLocalDateTime("2025-03-01T09:30")).toEqual(new Date(2025, 2, 1, 9, 30));
    expect(parseLocalDateTime("2025-03-01T09:30:15")).toEqual(new Date(2025, 2, 1, 9, 30, 15));
  });

  it("rejects anything else", () => {
    for (const value of ["", "2025-03-01", "yesterday", "2025-03-01 09:30", "2025-3-1T9:30"]) {
      expect(parseLocalDateTime(value)).toBeNull();
    }
  });
});

describe("timeRange and rangeError", () => {
  it("includes the whole minute picked as To (the API's until is exclusive)", () => {
    expect(timeRange({ from: "2025-03-01T09:30", to: "2025-03-01T10:00" })).toEqual({
      since: new Date(2025, 2, 1, 9, 30),
      until: new Date(2025, 2, 1, 10, 1),
    });
    expect(timeRange({ from: "", to: "" })).toEqual({});
  });

  it("explains a range that can match nothing", () => {
    expect(rangeError({ from: "2025-03-01T10:00", to: "2025-03-01T09:00" })).toMatch(/before/);
    expect(rangeError({ from: "2025-03-01T10:00", to: "2025-03-01T10:00" })).toBeNull();
    expect(rangeError({ from: "2025-03-01T10:00", to: "" })).toBeNull();
  });
});

describe("eventsListInput", () => {
  it("leaves unset filters out, so no filters is the prefetched key", () => {
    expect(eventsListInput(NO_FILTERS)).toStrictEqual({ limit: PAGE_SIZE });
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it("passes every set filter, the entity id trimmed", () => {
    const filters = {
      eventType: "student.created",
      entityId: "  ent_1 ",
      actorType: "apiKey" as const,
      from: "2025-03-01T09:30",
      to: "",
    };
    expect(hasFilters(filters)).toBe(true);
    expect(eventsListInput(filters)).toStrictEqual({
      limit: PAGE_SIZE,
      eventType: "student.created",
      entityId: "ent_1",
      actorType: "apiKey",
      since: new Date(2025, 2, 1, 9, 30),
    });
  });
});
