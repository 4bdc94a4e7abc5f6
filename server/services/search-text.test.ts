import { describe, expect, it } from "vitest";
import { buildSearchText, toPrefixTsQuery } from "@/server/services/search-text";

describe("buildSearchText", () => {
  it("joins every top-level string value when the type lists no search fields", () => {
    expect(
      buildSearchText(
        { name: "Ada Lovelace", grade: 7, city: "London", tags: ["x"], nested: { a: "b" } },
        [],
      ),
    ).toBe("ada lovelace london");
  });

  it("uses only the listed fields, in their order, skipping what is not a string", () => {
    expect(
      buildSearchText({ name: "Ada", email: "ADA@x.test", grade: 7 }, [
        "email",
        "grade",
        "missing",
        "name",
      ]),
    ).toBe("ada@x.test ada");
  });
});

describe("toPrefixTsQuery", () => {
  it("requires every word and matches the last as a prefix", () => {
    expect(toPrefixTsQuery("Math tut")).toBe("math & tut:*");
  });

  it("keeps only letters and digits, so input can never be tsquery syntax", () => {
    expect(toPrefixTsQuery("a & b | !c:* 'd'")).toBe("a & b & c & d:*");
    expect(toPrefixTsQuery("  ¿qué?  ")).toBe("qué:*");
    expect(toPrefixTsQuery("&&& ||| ")).toBeNull();
  });
});
