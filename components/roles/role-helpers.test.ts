import { describe, expect, it } from "vitest";

import {
  changedPolicyValues,
  parsePolicyForm,
  policyFormValues,
  policyLabel,
  type PolicyValues,
} from "@/components/roles/role-helpers";

// The policy forms' values → roles.addPolicy / roles.updatePolicy inputs.

const policy: PolicyValues = { resource: "students", action: "list", effect: "allow", priority: 3 };
const typed = { resource: "students", action: "list", effect: "allow", priority: "3" } as const;

const priorityOf = (text: string) => {
  const parsed = parsePolicyForm({ ...typed, priority: text });
  return parsed.ok ? parsed.values.priority : parsed.errors.priority;
};

describe("policy form values", () => {
  it("a blank priority is the default 0; only whole numbers are priorities", () => {
    expect(priorityOf("")).toBe(0);
    expect(priorityOf("  ")).toBe(0);
    expect(priorityOf("-12")).toBe(-12);
    expect(priorityOf(" 7 ")).toBe(7);
    expect(priorityOf("1.5")).toBe("Priority must be a whole number");
    expect(priorityOf("ten")).toBe("Priority must be a whole number");
  });

  it("refuses to send an action outside the list, naming the fields at fault", () => {
    expect(parsePolicyForm({ ...typed, action: "archive", priority: "x" })).toEqual({
      ok: false,
      errors: { action: "Choose one of the actions", priority: "Priority must be a whole number" },
    });
  });

  it("the edit form starts from the policy, and sends back the same values untouched", () => {
    expect(policyFormValues(policy)).toEqual(typed);
    expect(parsePolicyForm(policyFormValues(policy))).toEqual({ ok: true, values: policy });
  });

  it("an update sends only what changed", () => {
    expect(changedPolicyValues(policy, { ...policy })).toEqual({});
    expect(changedPolicyValues(policy, { ...policy, priority: 10 })).toEqual({ priority: 10 });
    expect(changedPolicyValues(policy, { ...policy, effect: "deny", action: "*" })).toEqual({
      effect: "deny",
      action: "*",
    });
    expect(changedPolicyValues(policy, { ...policy, resource: "*" })).toEqual({ resource: "*" });
  });

  it("names a policy by effect, action and resource", () => {
    expect(policyLabel(policy)).toBe("allow list on students");
  });
});
