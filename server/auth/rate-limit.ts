import type { Db } from "@/server/db/client";
import { env } from "@/server/env";

// Token buckets for the public API (docs/identity.md), stored in `rateLimitBuckets` so every server
// process shares them. A request takes one token from its key's bucket AND its organization's,
// or from neither. Time comes from the database clock only: server clocks may disagree.

export type BucketLimit = { perMinute: number; burst: number };
export type RateLimits = { key: BucketLimit; org: BucketLimit };

export type RateLimitResult = {
  allowed: boolean;
  /** Capacity of the tighter bucket (its burst). */
  limit: number;
  /** Whole tokens left in the tighter bucket. */
  remaining: number;
  /** Seconds until the tighter bucket is full again. */
  resetSeconds: number;
  /** Seconds until a retry can succeed; 0 when allowed. */
  retryAfterSeconds: number;
};

export function defaultRateLimits(): RateLimits {
  const e = env();
  return {
    key: { perMinute: e.RATE_LIMIT_KEY_PER_MINUTE, burst: e.RATE_LIMIT_KEY_BURST },
    org: { perMinute: e.RATE_LIMIT_ORG_PER_MINUTE, burst: e.RATE_LIMIT_ORG_BURST },
  };
}

// Absorbs floating-point noise of the refill arithmetic (a refill of exactly one token must
// count as one).
const EPSILON = 1e-9;

type Bucket = BucketLimit & { key: string };
type BucketRow = { bucket_key: string; refilled: number; allowed: boolean };
type BucketState = Bucket & { ratePerSecond: number; tokens: number };

/**
 * Takes one token from both buckets, or none, in one statement: the `consume_rate_limit`
 * function (its migration tells how) creates missing buckets full, locks both rows in byte order,
 * refills them by the time elapsed on the database clock, decides and writes. Row locks make it
 * exact across processes; a refused request writes nothing.
 */
export async function consumeRateLimit(
  db: Db,
  subject: { apiKeyId: string; orgId: string },
  limits: RateLimits = defaultRateLimits(),
): Promise<RateLimitResult> {
  const buckets: Bucket[] = [
    { key: `apiKey:${subject.apiKeyId}`, ...limits.key },
    { key: `org:${subject.orgId}`, ...limits.org },
  ];
  const rows = await db.$queryRaw<BucketRow[]>`
    SELECT "bucket_key", "refilled", "allowed" FROM "consume_rate_limit"(
      ${buckets.map((bucket) => bucket.key)}::text[],
      ${buckets.map((bucket) => bucket.burst)}::float8[],
      ${buckets.map((bucket) => bucket.perMinute / 60)}::float8[])`;
  const states = buckets.map((bucket): BucketState => {
    const row = rows.find((candidate) => candidate.bucket_key === bucket.key);
    if (!row) throw new Error("Rate limit bucket missing after insert");
    return { ...bucket, ratePerSecond: bucket.perMinute / 60, tokens: Number(row.refilled) };
  });
  return summarize(states, rows[0]?.allowed === true);
}

function summarize(states: BucketState[], allowed: boolean): RateLimitResult {
  const results = states.map((state) => {
    const tokens = Math.max(0, allowed ? state.tokens - 1 : state.tokens);
    const missing = state.burst - tokens;
    const refused = !allowed && state.tokens + EPSILON < 1;
    return {
      limit: state.burst,
      remaining: Math.floor(tokens + EPSILON),
      resetSeconds: missing <= EPSILON ? 0 : Math.ceil(missing / state.ratePerSecond - EPSILON),
      retryAfterSeconds: refused
        ? Math.max(1, Math.ceil((1 - state.tokens) / state.ratePerSecond - EPSILON))
        : 0,
    };
  });
  // Report the bucket that decides: when refused, the one that frees up last; otherwise the
  // one with the fewest tokens left (on a tie, the smaller one).
  const tighter = results.reduce((best, next) => {
    if (!allowed) return next.retryAfterSeconds > best.retryAfterSeconds ? next : best;
    if (next.remaining !== best.remaining) return next.remaining < best.remaining ? next : best;
    return next.limit < best.limit ? next : best;
  });
  return { allowed, ...tighter };
}

/** The headers every public API response carries once the key is known (docs/identity.md). */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(result.resetSeconds),
  };
  if (!result.allowed) headers["Retry-After"] = String(result.retryAfterSeconds);
  return headers;
}
