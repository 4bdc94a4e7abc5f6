import { describe, expect, it } from "vitest";
import type { FieldMask } from "@/generated/prisma/client";
import { applyMasks } from "@/server/policy/mask";

// The mask walk itself (semantics-masks.int.test.ts covers masks through the services).

const mask = (fieldPath: string, maskType: "hide" | "redact" = "hide"): FieldMask => ({
  id: fieldPath,
  organizationId: "org",
  policyId: "policy",
  fieldPath,
  maskType,
  maskConfig: null,
  createdAt: new Date(0),
});

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

  it("reads own keys only", () => {
    const record = { data: { name: "n" } };
    expect(applyMasks(record, [mask("data.constructor")])).toEqual(record);
  });
});
