-- Hand-written: a public API request takes a token from its key's bucket and its organization's
-- in one statement (server/auth/rate-limit.ts). As an interactive transaction this took five
-- round trips while holding the organization's row lock, which every request of the
-- organization waits for; inside one function the lock is held for microseconds.
-- Missing buckets are created full; both rows are locked in byte order of their keys (requests
-- sharing the organization's bucket cannot deadlock); each is refilled by the time elapsed on the
-- database clock, never negatively; one token is taken from every bucket when each has one, else
-- nothing is written. Returns each bucket's refilled tokens (before the take) and the decision.
CREATE FUNCTION "consume_rate_limit"(bucket_keys text[], bursts float8[], rates_per_second float8[])
RETURNS TABLE(bucket_key text, refilled float8, allowed boolean) AS $$
DECLARE
  bucket record;
  locked_keys text[] := '{}';
  locked_tokens float8[] := '{}';
  all_have_one boolean := true;
BEGIN
  INSERT INTO "rateLimitBuckets" ("key", "tokens", "updatedAt")
    SELECT t.k, t.b, now() FROM unnest(bucket_keys, bursts) AS t(k, b)
    ON CONFLICT ("key") DO NOTHING;
  FOR bucket IN
    SELECT r."key" AS k,
           LEAST(t.b, r."tokens"
             + GREATEST(EXTRACT(EPOCH FROM (now() - r."updatedAt")), 0)::float8 * t.rate) AS tokens
    FROM "rateLimitBuckets" r
    JOIN unnest(bucket_keys, bursts, rates_per_second) AS t(k, b, rate) ON r."key" = t.k
    ORDER BY r."key" COLLATE "C"
    FOR UPDATE OF r
  LOOP
    locked_keys := locked_keys || bucket.k;
    locked_tokens := locked_tokens || bucket.tokens;
    -- The epsilon absorbs floating-point noise: a refill of exactly one token counts as one.
    all_have_one := all_have_one AND bucket.tokens + 1e-9 >= 1;
  END LOOP;
  IF all_have_one THEN
    -- GREATEST keeps updatedAt from moving backwards: this statement's now() may be earlier
    -- than the updatedAt a request it waited for has just committed.
    UPDATE "rateLimitBuckets" r
      SET "tokens" = t.tokens - 1, "updatedAt" = GREATEST(r."updatedAt", now())
      FROM unnest(locked_keys, locked_tokens) AS t(k, tokens)
      WHERE r."key" = t.k;
  END IF;
  RETURN QUERY SELECT t.k, t.tokens, all_have_one FROM unnest(locked_keys, locked_tokens) AS t(k, tokens);
END;
$$ LANGUAGE plpgsql;
