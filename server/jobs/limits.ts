import { LIMITS } from "@/lib/input-limits";

// The bounds of what enqueue accepts (docs/jobs.md), shared by the state machine and the
// routers' schemas.
export const JOB_LIMITS = {
  /** Higher runs first; Inngest's priority expression takes −600..600, this fits inside. */
  priority: { min: -100, max: 100 },
  maxAttempts: { min: 1, max: 25 },
  idempotencyKeyLength: 200,
  payloadBytes: LIMITS.jsonBytes,
  /** How far ahead a job may be scheduled. */
  maxScheduleAheadMs: 366 * 24 * 60 * 60_000,
  /** A handler's error text is kept up to this length (the message only, never a stack). */
  errorMessageLength: 2_000,
} as const;

/** A claim is a lease: past it, a job whose worker died is claimed again. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** How long one attempt may run when its type does not say. Below the lease, so a live worker
 * never loses its claim to a reclaim. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** How often a running attempt looks whether its job was cancelled (or reclaimed) meanwhile. */
export const CANCEL_POLL_MS = 1_000;

/** A clock: tests pass a function over a time they move. */
export type Clock = () => Date;

export function clockOf(now: Date | Clock | undefined): Clock {
  if (now === undefined) return () => new Date();
  if (typeof now === "function") return now;
  return () => now;
}
