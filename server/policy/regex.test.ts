import { describe, expect, it } from "vitest";
import {
  compileTenantPattern,
  MAX_PROGRAM_SIZE,
  PatternError,
  patternProblem,
  replaceAll,
} from "@/server/policy/regex";

// Tenants' patterns on RE2 (docs/tenant-patterns.md): linear time, refusals in words, and the
// replacement syntax of String.prototype.replace.

const elapsed = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

describe("compileTenantPattern", () => {
  it("matches catastrophic patterns in linear time", () => {
    // On a backtracking engine each of these doubles with every character: 28 took 1.9 s.
    for (const source of ["(a+)+$", "(a|aa)+$", "(a*)*b", "(\\w+\\s?)+$", "^(a|a?)+$"]) {
      const pattern = compileTenantPattern(source, "mask");
      expect(elapsed(() => pattern.test(`${"a".repeat(28)}!`))).toBeLessThan(100);
      const long = `${"a".repeat(100_000)}!`;
      expect(elapsed(() => pattern.test(long))).toBeLessThan(500);
      expect(elapsed(() => replaceAll(pattern, long, "*"))).toBeLessThan(2_000);
    }
  });

  it.each([
    ["a(?=b)", /lookahead and lookbehind are not supported/],
    ["a(?!b)", /lookahead and lookbehind are not supported/],
    ["(?<=a)b", /lookahead and lookbehind are not supported/],
    ["(?<!a)b", /lookahead and lookbehind are not supported/],
    ["(a)\\1", /backreferences are not supported/],
    ["(?<x>a)\\k<x>", /backreferences are not supported/],
    ["\\u00e9", /write \\x\{hhhh\} for a code point/],
    ["(a", /missing closing \)/],
    ["a{1001}", /invalid repeat count/],
  ])("refuses %s, saying why", (source, why) => {
    expect(() => compileTenantPattern(source, "schema")).toThrow(PatternError);
    expect(patternProblem(source, "schema")).toMatch(why);
  });

  it("refuses patterns too large once compiled, with a smaller bound for masks", () => {
    expect(compileTenantPattern("[a-z]{1,100}", "schema").programSize()).toBeLessThanOrEqual(
      MAX_PROGRAM_SIZE.schema,
    );
    expect(patternProblem("[a-z]{1,100}", "mask")).toMatch(/too large once compiled/);
    expect(patternProblem("(?:a?){1000}", "schema")).toMatch(/at most 1000/);
    expect(patternProblem("\\d{3}-\\d{4}", "mask")).toBeNull();
  });
});

describe("replaceAll", () => {
  it("reads the replacement as JavaScript's String.prototype.replace does", () => {
    const cases: [string, string, string][] = [
      ["(\\d{3})-(\\d{4})", "call 555-1234 or 555-9876", "$1-XXXX"],
      ["(?<area>\\d{3})-\\d{4}", "555-1234", "$<area>-****"],
      ["b", "abc", "[$&]"],
      ["b", "abc", "[$`|$']"],
      ["b", "abc", "$$"],
      ["(b)", "abc", "$0 $2 ${1} \\1 $10"],
      ["(x)?b", "abc", "<$1>"],
      ["x*", "abc", "-"],
      ["", "a😀b", "-"],
    ];
    for (const [source, value, replacement] of cases) {
      expect(replaceAll(compileTenantPattern(source, "mask"), value, replacement)).toBe(
        value.replace(new RegExp(source, "gu"), replacement),
      );
    }
  });
});
