import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { consumeRateLimit, rateLimitHeaders, type RateLimits } from "@/server/auth/rate-limit";
import { createAdapterFactory } from "@/server/db/client";
import { testDb, uid } from "@/test/db";

// Buckets have no foreign keys: random subjects keep every test on its own buckets.
const subject = (orgId = uid("org")) => ({ apiKeyId: uid("key"), orgId });
const limits = (key: [number, number], org: [number, number]): RateLimits => ({
  key: { perMinute: key[0], burst: key[1] },
  org: { perMinute: org[0], burst: org[1] },
});
const SPEC = limits([30, 10], [100, 30]);

async function tokens(key: string): Promise<number> {
  return (await testDb().rateLimitBucket.findUniqueOrThrow({ where: { key } })).tokens;
}

/** Pretends `seconds` passed for a bucket, on the database's own clock. */
async function age(key: string, seconds: number): Promise<void> {
  await testDb().$executeRaw`
    UPDATE "rateLimitBuckets" SET "updatedAt" = "updatedAt" - make_interval(secs => ${seconds}::float8)
    WHERE "key" = ${key}`;
}

describe("consumeRateLimit", () => {
  it("allows the burst, then refuses with Retry-After", async () => {
    const who = subject();
    const results = [];
    for (let i = 0; i < 11; i += 1) results.push(await consumeRateLimit(testDb(), who, SPEC));
    expect(results.slice(0, 10).every((result) => result.allowed)).toBe(true);
    expect(results.slice(0, 10).map((result) => result.remaining)).toEqual([
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ]);

    const refused = results[10]!;
    expect(refused).toMatchObject({ allowed: false, limit: 10, remaining: 0 });
    // 30/minute: one token every 2 s.
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(refused.resetSeconds).toBeGreaterThan(15);
    expect(refused.resetSeconds).toBeLessThanOrEqual(20);

    const headers = rateLimitHeaders(refused);
    expect(headers).toEqual({
      "RateLimit-Limit": "10",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": String(refused.resetSeconds),
      "Retry-After": String(refused.retryAfterSeconds),
    });
    expect(rateLimitHeaders(results[0]!)).not.toHaveProperty("Retry-After");
    expect(rateLimitHeaders(results[0]!)).toMatchObject({
      "RateLimit-Limit": "10",
      "RateLimit-Remaining": "9",
    });
  });

  it("refills with the time elapsed, up to the burst", async () => {
    const who = subject();
    for (let i = 0; i < 10; i += 1) await consumeRateLimit(testDb(), who, SPEC);
    expect((await consumeRateLimit(testDb(), who, SPEC)).allowed).toBe(false);

    // 4 s at 30/minute = 2 tokens.
    await age(`apiKey:${who.apiKeyId}`, 4);
    expect((await consumeRateLimit(testDb(), who, SPEC)).allowed).toBe(true);
    expect((await consumeRateLimit(testDb(), who, SPEC)).allowed).toBe(true);
    expect((await consumeRateLimit(testDb(), who, SPEC)).allowed).toBe(false);

    // An hour is far more than a full refill: capped at the burst.
    await age(`apiKey:${who.apiKeyId}`, 3600);
    const result = await consumeRateLimit(testDb(), who, SPEC);
    expect(result).toMatchObject({ allowed: true, limit: 10, remaining: 9 });
  });

  it("reports the tighter bucket", async () => {
    const who = subject();
    // The org bucket (burst 3) is tighter than the key's (burst 10).
    const result = await consumeRateLimit(testDb(), who, limits([30, 10], [100, 3]));
    expect(result).toMatchObject({ allowed: true, limit: 3, remaining: 2 });
  });

  it("spends no key token when the organization's bucket refuses", async () => {
    const orgId = uid("org");
    const [first, second] = [subject(orgId), subject(orgId)];
    const tight = limits([30, 10], [100, 3]);
    for (let i = 0; i < 3; i += 1)
      expect((await consumeRateLimit(testDb(), first, tight)).allowed).toBe(true);

    const refused = await consumeRateLimit(testDb(), second, tight);
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0 });
    expect(await tokens(`apiKey:${second.apiKeyId}`)).toBe(10);
    const before = await tokens(`apiKey:${first.apiKeyId}`);
    expect((await consumeRateLimit(testDb(), first, tight)).allowed).toBe(false);
    expect(await tokens(`apiKey:${first.apiKeyId}`)).toBe(before);
  });

  it("spends no organization token when the key's bucket refuses", async () => {
    const who = subject();
    const tight = limits([30, 2], [100, 30]);
    await consumeRateLimit(testDb(), who, tight);
    await consumeRateLimit(testDb(), who, tight);
    const orgBefore = await tokens(`org:${who.orgId}`);
    expect((await consumeRateLimit(testDb(), who, tight)).allowed).toBe(false);
    expect(await tokens(`org:${who.orgId}`)).toBe(orgBefore);
  });
});

// PGlite is one connection in one process: its transactions run one after another, so it
// cannot show lost updates or deadlocks. These run where several connections race (CI).
describe.runIf(process.env.DATABASE_URL)("consumeRateLimit under concurrency (PostgreSQL)", () => {
  // A second pool stands for a second server process.
  let other: PrismaClient;
  beforeAll(() => {
    other = new PrismaClient({
      adapter: createAdapterFactory({ kind: "postgres", url: process.env.DATABASE_URL ?? "" }),
    });
  });
  afterAll(() => other.$disconnect());
  // 1/minute: no refill worth a token while the test runs.
  const slow = limits([1, 10], [1, 1000]);

  it("allows exactly the burst of 40 concurrent requests", async () => {
    const who = subject();
    const results = await Promise.all(
      Array.from({ length: 40 }, () => consumeRateLimit(testDb(), who, slow)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(await tokens(`apiKey:${who.apiKeyId}`)).toBeLessThan(1);
  });

  it("allows exactly the burst across two processes", async () => {
    const who = subject();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => consumeRateLimit(i % 2 ? other : testDb(), who, slow)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
  });

  it("shares the organization's bucket between keys without deadlocks", async () => {
    const orgId = uid("org");
    const keys = [subject(orgId), subject(orgId), subject(orgId)];
    const orgTight = limits([1, 100], [1, 12]);
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        consumeRateLimit(i % 2 ? other : testDb(), keys[i % 3]!, orgTight),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(12);
  });
});
