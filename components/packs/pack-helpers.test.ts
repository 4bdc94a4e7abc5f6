import { describe, expect, it } from "vitest";

import {
  contentLines,
  countOf,
  countsSentence,
  itemLabel,
  type PackContents,
} from "@/components/packs/pack-helpers";

const none = {
  entityTypes: 0,
  roles: 0,
  policies: 0,
  scopeRules: 0,
  fieldMasks: 0,
  agents: 0,
  sampleRecords: 0,
};

describe("countOf", () => {
  it("uses the singular for one only, and the given plural", () => {
    expect(countOf(1, "role")).toBe("1 role");
    expect(countOf(0, "role")).toBe("0 roles");
    expect(countOf(2, "policy", "policies")).toBe("2 policies");
  });
});

describe("contentLines", () => {
  const contents: PackContents = {
    entityTypes: [
      { slug: "teacher", name: "Teacher" },
      { slug: "session", name: "Session" },
    ],
    roles: [
      { name: "teacher", policyCount: 21 },
      { name: "agent", policyCount: 1 },
    ],
    policyCount: 22,
    scopeRuleCount: 15,
    fieldMaskCount: 0,
    agents: [{ name: "Front desk", slug: "front-desk" }],
  };

  it("names the types, the roles with their policy counts, the rule counts and the agents", () => {
    expect(contentLines(contents)).toEqual([
      "2 entity types: Teacher, Session",
      "2 roles: teacher (21 policies), agent (1 policy)",
      "15 scope rules, 0 field masks",
      "1 agent: Front desk",
    ]);
  });

  it("leaves out the kinds a pack does not have", () => {
    expect(
      contentLines({ ...contents, roles: [], agents: [], scopeRuleCount: 0, fieldMaskCount: 0 }),
    ).toEqual(["2 entity types: Teacher, Session"]);
  });
});

describe("itemLabel", () => {
  it("says the kind, the name and the detail when there is one", () => {
    expect(itemLabel({ kind: "entityType", name: "teacher" })).toBe("Entity type teacher");
    expect(itemLabel({ kind: "policy", name: "guardian: read session", detail: "allow" })).toBe(
      "Policy guardian: read session (allow)",
    );
  });
});

describe("countsSentence", () => {
  it("lists the kinds with any, joined with a final 'and'", () => {
    expect(countsSentence({ ...none, entityTypes: 6, roles: 1, policies: 39 })).toBe(
      "6 entity types, 1 role and 39 policies",
    );
    expect(countsSentence({ ...none, sampleRecords: 1 })).toBe("1 sample record");
  });

  it("says nothing when every count is zero", () => {
    expect(countsSentence(none)).toBe("nothing");
  });
});
