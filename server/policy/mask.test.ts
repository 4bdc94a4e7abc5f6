import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FieldMask } from "@/generated/prisma/client";
import { applyMasks, MAX_PATTERN_INPUT } from "@/server/policy/mask";
import { arrayIndex } from "@/server/policy/rules";

// The mask walk itself (semantics-masks.int.test.ts covers masks through the services).

const mask = (
  fieldPath: string,
  maskType: "hide" | "redact" = "hide",
  maskConfig: FieldMask["maskConfig"] = null,
): FieldMask => ({
  id: fieldPath,
  organizationId: "org",
  policyId: "policy",
  fieldPath,
  maskType,
  maskConfig,
  createdAt: new Date(0),
});

const redactWith = (pattern: string, replacement: string) =>
  mask("data.v", "redact", { pattern, replacement });

describe("applyMasks", () => {
  it("hides several elements of one array by their original indexes", () => {
    const record = { data: { list: ["a", "b", "c", "d"] } };
    const masked = applyMasks(record, [mask("data.list.0"), mask("data.list.1")]);
    expect(masked.data.list).toEqual(["c", "d"]);
    expect(applyMasks(record, [mask("data.list.-1"), mask("data.list.1")]).data.list).toEqual([
      "a",
      "c",
    ]);
  });

  it("applies a non-index segment to every element, nested arrays included", () => {
    const record = {
      data: { contacts: [{ phone: "555-1234", name: "A" }, [{ phone: "555-9876" }], "x"] },
    };
    const masked = applyMasks(record, [mask("data.contacts.phone", "redact")]);
    expect(masked.data.contacts).toEqual([
      { phone: "5******4", name: "A" },
      [{ phone: "5******6" }],
      "x",
    ]);
  });

  it("never changes its input and copies only the way to a masked place", () => {
    const record = {
      id: "e1",
      createdAt: new Date(5),
      data: { secret: "s", address: { city: "paris", zip: "75001" }, tags: ["t"] },
    };
    const before = structuredClone(record);
    const masked = applyMasks(record, [mask("data.secret"), mask("data.address.zip")]);
    expect(record).toEqual(before);
    expect(masked).toEqual({
      id: "e1",
      createdAt: new Date(5),
      data: { address: { city: "paris" }, tags: ["t"] },
    });
    expect(masked.data.tags).toBe(record.data.tags);
    expect(masked.data.address).not.toBe(record.data.address);
  });

  it("hide wins over redact on the same path; a redacted object becomes null", () => {
    const record = { data: { phone: "555-1234", address: { zip: "75001" } } };
    const masked = applyMasks(record, [
      mask("data.phone", "redact"),
      mask("data.phone"),
      mask("data.address", "redact"),
    ]);
    expect(masked).toEqual({ data: { address: null } });
  });

  it("walks an element once for a mask naming it and one through every element", () => {
    const record = { data: { contacts: [{ phones: ["p0", "p1", "p2"] }] } };
    const masks = [mask("data.contacts.0.phones.0"), mask("data.contacts.phones.1")];
    expect(applyMasks(record, masks).data.contacts).toEqual([{ phones: ["p2"] }]);
  });

  it("reads own keys only", () => {
    const record = { data: { name: "n" } };
    expect(applyMasks(record, [mask("data.constructor")])).toEqual(record);
  });
});

describe("applyMasks with a pattern", () => {
  const masked = (value: string, ...masks: FieldMask[]) =>
    applyMasks({ data: { v: value } }, masks).data.v;

  it("replaces every match, the replacement read as by String.prototype.replace", () => {
    expect(masked("555-1234 / 555-9876", redactWith("(\\d{3})-\\d{4}", "$1-****"))).toBe(
      "555-**** / 555-****",
    );
    expect(masked("ada@example.test", redactWith("^(.)[^@]*", "$1***$$"))).toBe(
      "a***$@example.test",
    );
  });

  it("runs in linear time: a catastrophic pattern on long values does not stall", () => {
    // A backtracking engine took 1.9 s on 28 characters, doubling with each one more.
    const catastrophic = redactWith("(a+)+$", "*");
    const start = performance.now();
    expect(masked(`${"a".repeat(28)}!`, catastrophic)).toBe(`${"a".repeat(28)}!`);
    expect(performance.now() - start).toBeLessThan(250);
    const long = `${"a".repeat(MAX_PATTERN_INPUT - 1)}!`;
    expect(masked(long, catastrophic)).toBe(long);
    expect(masked("aaaa", catastrophic)).toBe("*");
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it("redacts by default what it cannot run the pattern on, never revealing the value", () => {
    // Saved before masks ran on RE2 (lookahead), never valid, too large, or too long a value.
    expect(masked("555-1234", redactWith("\\d(?=\\d{2})", "#"))).toBe("5******4");
    expect(masked("555-1234", redactWith("(", "#"))).toBe("5******4");
    expect(masked("555-1234", redactWith("[0-9]{1,100}", "#"))).toBe("5******4");
    const long = "5".repeat(MAX_PATTERN_INPUT + 1);
    expect(masked(long, redactWith("\\d", "#"))).toBe("5********5");
    expect(masked("5".repeat(MAX_PATTERN_INPUT), redactWith("\\d", "#"))).toBe(
      "#".repeat(MAX_PATTERN_INPUT),
    );
  });
});

describe("applyMasks against a reference walk", () => {
  // Every leaf is a distinct string; the reference collects, on the original record, the
  // leaves under each place a hide mask names (scope-rule path semantics through arrays).
  const leaves = (value: unknown): string[] =>
    typeof value === "string"
      ? [value]
      : typeof value === "object" && value !== null
        ? Object.values(value).flatMap(leaves)
        : [];
  const reached = (value: unknown, path: string[]): unknown[] => {
    const [key, ...rest] = path;
    if (key === undefined) return [value];
    if (typeof value !== "object" || value === null) return [];
    if (Array.isArray(value)) {
      const index = arrayIndex(value.length, key);
      return index === null
        ? value.flatMap((item) => reached(item, path))
        : reached(value[index], rest);
    }
    return Object.hasOwn(value, key) ? reached((value as Record<string, unknown>)[key], rest) : [];
  };

  it("hides exactly what the hide masks name, arrays and indexes included", () => {
    let counter = 0;
    const leaf = fc.constant(null).map(() => `v${counter++}`);
    const key = fc.constantFrom("a", "b", "0", "1", "-1");
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom("a", "b", "0"), tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    const paths = fc.array(fc.array(key, { minLength: 1, maxLength: 4 }), { maxLength: 4 });
    fc.assert(
      fc.property(tree, paths, (data, hidden) => {
        const record = { data };
        const masked = applyMasks(
          record,
          hidden.map((path) => mask(["data", ...path].join("."))),
        );
        const gone = new Set(hidden.flatMap((path) => reached(data, path)).flatMap(leaves));
        const kept = new Set(leaves(masked.data));
        for (const value of gone) expect(kept.has(value)).toBe(false);
        for (const value of leaves(data)) if (!gone.has(value)) expect(kept.has(value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
