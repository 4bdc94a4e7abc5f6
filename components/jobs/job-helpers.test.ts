import { describe, expect, it } from "vitest";

import {
  canCancel,
  canRetry,
  hasActiveJobs,
  JOB_STATUSES,
  jobsListInput,
  nextRunOf,
  parseOptionalInt,
  parsePayload,
  truncate,
  type JobStats,
} from "@/components/jobs/job-helpers";

const stats = (byStatus: Partial<JobStats["byStatus"]>): JobStats => {
  const full = {
    pending: 0,
    claimed: 0,
    running: 0,
    completed: 0,
    failed: 0,
    dead: 0,
    ...byStatus,
  };
  return { total: Object.values(full).reduce((a, b) => a + b, 0), byStatus: full };
};

describe("the Jobs page's rules", () => {
  it("offers Retry for failed and dead jobs, Cancel for every job not finished", () => {
    expect(JOB_STATUSES.filter(canRetry)).toEqual(["failed", "dead"]);
    expect(JOB_STATUSES.filter(canCancel)).toEqual(["pending", "claimed", "running", "failed"]);
  });

  it("refreshes while jobs wait or run, not for finished or failed ones", () => {
    expect(hasActiveJobs(undefined)).toBe(false);
    expect(hasActiveJobs(stats({ completed: 4, dead: 1, failed: 2 }))).toBe(false);
    for (const status of ["pending", "claimed", "running"] as const)
      expect(hasActiveJobs(stats({ [status]: 1 }))).toBe(true);
  });

  it("shows the next run only while a job waits for it", () => {
    const scheduledFor = new Date("2026-03-01T10:00:00Z");
    expect(nextRunOf({ status: "pending", scheduledFor })).toBe(scheduledFor);
    expect(nextRunOf({ status: "failed", scheduledFor })).toBe(scheduledFor);
    expect(nextRunOf({ status: "running", scheduledFor })).toBeNull();
    expect(nextRunOf({ status: "completed", scheduledFor })).toBeNull();
  });

  it("sends only the filters that are set", () => {
    expect(jobsListInput({ status: "", jobType: "" })).toEqual({ limit: 25 });
    expect(jobsListInput({ status: "dead", jobType: "entity.process" })).toEqual({
      limit: 25,
      status: "dead",
      jobType: "entity.process",
    });
  });
});

describe("the enqueue form's parsing", () => {
  it("takes an empty payload as {} and only a JSON object otherwise", () => {
    expect(parsePayload("  ")).toEqual({ ok: true, value: {} });
    expect(parsePayload('{"entityId": "e1"}')).toEqual({ ok: true, value: { entityId: "e1" } });
    expect(parsePayload("{oops")).toEqual({ ok: false, error: "The payload is not valid JSON." });
    for (const text of ["[]", "null", "3", '"x"'])
      expect(parsePayload(text)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/object/),
      });
  });

  it("takes an empty number as absent and refuses fractions and words", () => {
    expect(parseOptionalInt("")).toEqual({ ok: true });
    expect(parseOptionalInt("-5")).toEqual({ ok: true, value: -5 });
    expect(parseOptionalInt("1.5")).toEqual({ ok: false });
    expect(parseOptionalInt("ten")).toEqual({ ok: false });
  });

  it("cuts long errors for the table with an ellipsis", () => {
    expect(truncate("short")).toBe("short");
    const cut = truncate("x".repeat(200), 10);
    expect(cut).toHaveLength(10);
    expect(cut.endsWith("…")).toBe(true);
  });
});
