import { describe, expect, it } from "vitest";
import { randomHex } from "@/server/random-hex";

describe("randomHex", () => {
  it("gives the asked number of bytes as hex, never the same twice across pool refills", () => {
    // 8 bytes at a time: 4096 / 8 = 512 per pool, so this spans several refills.
    const ids = Array.from({ length: 3_000 }, () => randomHex(8));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
    // A request that does not fit what is left of the pool gets fresh bytes, whole.
    expect(randomHex(4096)).toMatch(/^[0-9a-f]{8192}$/);
  });

  it("refuses a size the pool cannot give", () => {
    for (const bytes of [0, -1, 1.5, 4097]) expect(() => randomHex(bytes)).toThrow(RangeError);
  });
});
