import { describe, expect, it } from "vitest";
import { as, caught, createType, eventsOf, fieldOf } from "@/test/business";
import type { Caller } from "@/test/callers";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";
import { rolesSnapshot, seedRoles } from "@/test/roles";

// Policies of a role, their scope rules and field masks (docs/permissions.md): what the engine would read
// as "matches nothing" is refused with BAD_REQUEST naming the field, and nothing is written.

type RuleInput = Parameters<Caller["roles"]["addScopeRule"]>[0];
type MaskInput = Parameters<Caller["roles"]["addFieldMask"]>[0];

describe("policies", () => {
  it("addPolicy on a type slug, `*` or `entityType` (priority 0 by default); an unknown resource is BAD_REQUEST", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const role = await owner.roles.create({ name: "Teacher" });
    const base = { roleId: role.id, action: "read", effect: "allow" } as const;
    expect(await owner.roles.addPolicy({ ...base, resource: type.slug })).toMatchObject({
      roleId: role.id,
      resource: type.slug,
      priority: 0,
    });
    await owner.roles.addPolicy({ ...base, resource: "*", action: "*", priority: 5 });
    await owner.roles.addPolicy({ ...base, resource: "entityType", effect: "deny" });
    const before = await rolesSnapshot(t.org.id);
    const error = await caught(owner.roles.addPolicy({ ...base, resource: "no-such-type" }));
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "resource"]);
    expect(await rolesSnapshot(t.org.id)).toBe(before);
    const created = await eventsOf(t.org.id, { eventType: "policy.created" });
    expect(created.map((event) => event.payload)).toMatchObject([
      { resource: type.slug, action: "read", effect: "allow", priority: 0, roleName: "Teacher" },
      { resource: "*", action: "*", priority: 5 },
      { resource: "entityType", effect: "deny" },
    ]);
  });

  it("a bad action or effect is BAD_REQUEST; a role of nobody is NOT_FOUND", async () => {
    const t = await createTenant();
    const role = await as(t, "owner").roles.create({ name: "Teacher" });
    const owner = as(t, "owner");
    const input = { roleId: role.id, resource: "*", action: "read", effect: "allow" } as const;
    const bad = [
      { ...input, action: "publish" },
      { ...input, effect: "maybe" },
      { ...input, priority: 1.5 },
    ] as unknown as (typeof input)[];
    for (const wrong of bad) {
      expect((await caught(owner.roles.addPolicy(wrong))).code).toBe("BAD_REQUEST");
    }
    expect((await caught(owner.roles.addPolicy({ ...input, roleId: "nope" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("updatePolicy changes what it is given and records before and after; no change, no event", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const updated = await owner.roles.updatePolicy({
      id: seed.policy.id,
      action: "*",
      effect: "deny",
      priority: 10,
    });
    expect(updated).toMatchObject({ resource: seed.type.slug, action: "*", effect: "deny" });
    await owner.roles.updatePolicy({ id: seed.policy.id, priority: 10 });
    expect(await eventsOf(t.org.id, { eventType: "policy.updated" })).toMatchObject([
      {
        payload: {
          changed: ["action", "effect", "priority"],
          before: { action: "read", effect: "allow", priority: 0 },
          action: "*",
        },
      },
    ]);
    const error = await caught(owner.roles.updatePolicy({ id: seed.policy.id, resource: "nope" }));
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "resource"]);
  });

  it("removePolicy cascades its scope rules and field masks and records the counts", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await as(t, "admin").roles.removePolicy({ id: seed.policy.id });
    const where = { policyId: seed.policy.id };
    expect(await testDb().scopeRule.count({ where })).toBe(0);
    expect(await testDb().fieldMask.count({ where })).toBe(0);
    expect(await eventsOf(t.org.id, { eventType: "policy.deleted" })).toMatchObject([
      { actorId: t.admin.id, payload: { policyId: seed.policy.id, scopeRuleCount: 1 } },
    ]);
    expect((await caught(as(t, "owner").roles.removePolicy({ id: seed.policy.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("scope rules", () => {
  it("accepts field rules on columns and data paths, templates, and relation rules", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const policyId = seed.policy.id;
    const accepted: Omit<RuleInput, "policyId">[] = [
      { type: "field", field: "status", operator: "in", value: ["active", "draft"] },
      { type: "field", field: "data.teacherId", operator: "in", value: "actor.entityIds" },
      { type: "field", field: "data.ownerId", operator: "eq", value: "actor.userId" },
      { type: "field", field: "data.address.city", operator: "contains", value: "Lon" },
      { type: "field", field: "data.grade", operator: "gte", value: 7 },
      { type: "field", field: "createdAt", operator: "lt", value: "2030-01-01T00:00:00Z" },
      { type: "field", field: "data.archived", operator: "exists", value: false },
      { type: "relation", relationPath: "enrolled_in", value: [seed.ada.id] },
      {
        type: "relation",
        relationPath: "taught_by",
        relationDirection: "outgoing",
        value: "actor.entityIds",
      },
    ];
    for (const rule of accepted) await owner.roles.addScopeRule({ policyId, ...rule });
    const { policies } = await owner.roles.getWithPolicies({ id: seed.role.id });
    expect(policies[0]!.scopeRules).toHaveLength(accepted.length + 1);
    expect(policies[0]!.scopeRules.at(-1)).toMatchObject({
      type: "relation",
      field: null,
      operator: null,
      relationPath: "taught_by",
      relationDirection: "outgoing",
      value: "actor.entityIds",
    });
    expect(await eventsOf(t.org.id, { eventType: "scopeRule.created" })).toHaveLength(
      accepted.length + 1,
    );
  });

  it.each<[string, Omit<RuleInput, "policyId">, string]>([
    ["a field rule without field", { type: "field", operator: "eq", value: 1 }, "field"],
    ["an unknown column", { type: "field", field: "name", operator: "eq", value: "x" }, "field"],
    ["an empty data path", { type: "field", field: "data.", operator: "eq", value: "x" }, "field"],
    ["a field rule without operator", { type: "field", field: "status", value: "x" }, "operator"],
    ["in without a list", { type: "field", field: "data.x", operator: "in", value: "a" }, "value"],
    [
      "nin with another template",
      { type: "field", field: "data.x", operator: "nin", value: "actor.userId" },
      "value",
    ],
    [
      "an unknown template",
      { type: "field", field: "data.x", operator: "eq", value: "actor.email" },
      "value",
    ],
    ["eq without value", { type: "field", field: "data.x", operator: "eq" }, "value"],
    [
      "gt with a string on data",
      { type: "field", field: "data.grade", operator: "gt", value: "7" },
      "value",
    ],
    ["gt on status", { type: "field", field: "status", operator: "gt", value: "a" }, "operator"],
    [
      "lt with a bad date",
      { type: "field", field: "updatedAt", operator: "lt", value: "soon" },
      "value",
    ],
    [
      "a number for a text column",
      { type: "field", field: "status", operator: "eq", value: 3 },
      "value",
    ],
    [
      "exists with a string",
      { type: "field", field: "data.x", operator: "exists", value: "yes" },
      "value",
    ],
    ["a relation rule without path", { type: "relation", value: ["x"] }, "relationPath"],
    [
      "a relation rule without ids",
      { type: "relation", relationPath: "knows", value: [] },
      "value",
    ],
    [
      "a relation rule with another template",
      { type: "relation", relationPath: "knows", value: "actor.userId" },
      "value",
    ],
    [
      "a relation rule naming unknown entities",
      { type: "relation", relationPath: "knows", value: ["nope"] },
      "value",
    ],
  ])("%s is BAD_REQUEST naming the field; nothing is written", async (_label, rule, field) => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const before = await rolesSnapshot(t.org.id);
    const error = await caught(
      as(t, "owner").roles.addScopeRule({ policyId: seed.policy.id, ...rule }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", field]);
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("removeScopeRule deletes one rule and records it; twice is NOT_FOUND", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await as(t, "admin").roles.removeScopeRule({ id: seed.rule.id });
    expect(await testDb().scopeRule.count({ where: { id: seed.rule.id } })).toBe(0);
    expect(await eventsOf(t.org.id, { eventType: "scopeRule.deleted" })).toMatchObject([
      { payload: { scopeRuleId: seed.rule.id, field: "data.name", value: "Ada" } },
    ]);
    expect((await caught(as(t, "admin").roles.removeScopeRule({ id: seed.rule.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("field masks", () => {
  it("hide and redact (with a pattern) on data paths, recorded", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const mask = await as(t, "owner").roles.addFieldMask({
      policyId: seed.policy.id,
      fieldPath: "data.phone",
      maskType: "redact",
      maskConfig: { pattern: "\\d(\\d{2})", replacement: "#" },
    });
    expect(mask).toMatchObject({ maskType: "redact", maskConfig: { replacement: "#" } });
    expect(await eventsOf(t.org.id, { eventType: "fieldMask.created" })).toHaveLength(2);
  });

  it.each<[string, Omit<MaskInput, "policyId">, string]>([
    ["a column", { fieldPath: "status", maskType: "hide" }, "fieldPath"],
    ["the whole data", { fieldPath: "data", maskType: "hide" }, "fieldPath"],
    [
      "a pattern on hide",
      { fieldPath: "data.x", maskType: "hide", maskConfig: { pattern: "a", replacement: "" } },
      "maskConfig",
    ],
    [
      "a pattern that does not compile",
      { fieldPath: "data.x", maskType: "redact", maskConfig: { pattern: "(a", replacement: "*" } },
      "maskConfig.pattern",
    ],
  ])("%s is BAD_REQUEST naming the field; nothing is written", async (_label, mask, field) => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const before = await rolesSnapshot(t.org.id);
    const error = await caught(
      as(t, "owner").roles.addFieldMask({ policyId: seed.policy.id, ...mask }),
    );
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", field]);
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("removeFieldMask deletes one mask and records it; twice is NOT_FOUND", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await as(t, "owner").roles.removeFieldMask({ id: seed.mask.id });
    expect(await eventsOf(t.org.id, { eventType: "fieldMask.deleted" })).toMatchObject([
      { payload: { fieldMaskId: seed.mask.id, fieldPath: "data.email" } },
    ]);
    expect((await caught(as(t, "owner").roles.removeFieldMask({ id: seed.mask.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
