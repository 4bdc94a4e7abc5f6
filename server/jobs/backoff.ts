// The wait before the next attempt after the n-th failed attempt: one minute, doubling, capped at
// an hour (1, 2, 4, 8, 16, 32, 60, 60 … minutes). docs/jobs.md.

const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 60 * 60_000;

export function retryDelayMs(failedAttempts: number): number {
  const n = Math.max(1, Math.floor(failedAttempts));
  // 2^6 minutes already passes the cap; stopping the exponent there keeps it finite for any n.
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(n - 1, 6), MAX_DELAY_MS);
}
