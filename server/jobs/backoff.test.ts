import { describe, expect, it } from "vitest";
import { retryDelayMs } from "@/server/jobs/backoff";

describe("retryDelayMs", () => {
  it("waits 1, 2, 4, 8, 16, 32 minutes, then an hour from the 7th failed attempt on", () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n) / 60_000);
    expect(minutes).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it("stays at an hour for any later attempt", () => {
    expect(retryDelayMs(25)).toBe(3_600_000);
    expect(retryDelayMs(10_000)).toBe(3_600_000);
  });
});
