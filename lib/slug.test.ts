import { describe, expect, it } from "vitest";
import { generateSlug, uniqueSlug } from "@/lib/slug";

describe("generateSlug", () => {
  it.each([
    ["Acme Tutoring", "acme-tutoring"],
    ["  --Hello,   World!! ", "hello-world"],
    ["Ünïcode café", "n-code-caf"],
    ["!!!", ""],
    ["a".repeat(60), "a".repeat(50)],
    [`${"a".repeat(49)} b`, "a".repeat(49)],
  ])("%s → %s", (name, slug) => {
    expect(generateSlug(name)).toBe(slug);
  });
});

describe("uniqueSlug", () => {
  it("adds -2, -3, ... until free, keeping 50 characters", async () => {
    const taken = new Set(["acme", "acme-2"]);
    expect(await uniqueSlug("acme", async (s) => taken.has(s))).toBe("acme-3");
    const long = "b".repeat(50);
    expect(await uniqueSlug(long, async (s) => s === long)).toBe(`${"b".repeat(48)}-2`);
    expect(await uniqueSlug("", async () => false, "workspace")).toBe("workspace");
  });
});
