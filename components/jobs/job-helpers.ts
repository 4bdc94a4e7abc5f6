import type { BadgeVariant } from "@/components/ui/badge";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

// The Jobs page's filters, labels and rules, shared by the server page (which prefetches the
// first page under the same query key) and the client components.

export type Job = RouterOutputs["jobs"]["list"]["items"][number];
export type JobStatus = Job["status"];
export type JobStats = RouterOutputs["jobs"]["getStats"];
export type JobOutcomeDay = RouterOutputs["jobs"]["getOutcomes"][number];
export type JobTypeInfo = RouterOutputs["jobs"]["types"][number];
export type JobsListInput = Omit<RouterInputs["jobs"]["list"], "cursor">;

export const PAGE_SIZE = 25;
export const OUTCOME_DAYS = 14;
/** How often the page refreshes while jobs wait or run. */
export const REFRESH_MS = 3_000;

export const JOB_STATUSES: readonly JobStatus[] = [
  "pending",
  "claimed",
  "running",
  "completed",
  "failed",
  "dead",
];

export const STATUS_LABELS: Record<JobStatus, string> = {
  pending: "Pending",
  claimed: "Claimed",
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  dead: "Dead",
};

export const STATUS_VARIANTS: Record<JobStatus, BadgeVariant> = {
  pending: "outline",
  claimed: "secondary",
  running: "default",
  completed: "secondary",
  failed: "destructive",
  dead: "destructive",
};

/** What the filter controls hold: "" means "any". */
export type JobFilters = { status: JobStatus | ""; jobType: string };
export const NO_FILTERS: JobFilters = { status: "", jobType: "" };

export function jobsListInput(filters: JobFilters): JobsListInput {
  return {
    limit: PAGE_SIZE,
    ...(filters.status && { status: filters.status }),
    ...(filters.jobType && { jobType: filters.jobType }),
  };
}

/** A failed attempt waits for its retry; a dead job waits for a person. */
export const canRetry = (status: JobStatus) => status === "failed" || status === "dead";
/** Anything not finished may be stopped (it goes dead). */
export const canCancel = (status: JobStatus) =>
  status === "pending" || status === "claimed" || status === "running" || status === "failed";

/**
 * Jobs about to change: the page refreshes while any wait or run. A failed job's retry is
 * minutes to an hour away (its backoff), not worth polling for.
 */
export function hasActiveJobs(stats: JobStats | undefined): boolean {
  if (!stats) return false;
  const { pending, claimed, running } = stats.byStatus;
  return pending + claimed + running > 0;
}

/** When the job runs next: its scheduled time while it waits (pending, or failed before a retry). */
export function nextRunOf(job: Pick<Job, "status" | "scheduledFor">): Date | null {
  return job.status === "pending" || job.status === "failed" ? job.scheduledFor : null;
}

export const MEMBER_EXPLANATION = "Only organization owners and admins can retry or cancel jobs.";

export type ParsedPayload =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The enqueue form's payload: empty is `{}`; anything else must be a JSON object. */
export function parsePayload(text: string): ParsedPayload {
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "The payload is not valid JSON." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: "The payload must be a JSON object, e.g. {}." };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** An optional whole number typed in a form: "" is absent, anything else must be an integer. */
export function parseOptionalInt(text: string): { ok: true; value?: number } | { ok: false } {
  if (text.trim() === "") return { ok: true };
  const value = Number(text);
  return Number.isInteger(value) ? { ok: true, value } : { ok: false };
}

/** An error message cut for a table cell; the full text stays in the row's title and detail. */
export function truncate(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
