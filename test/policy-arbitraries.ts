import fc from "fast-check";
import { SCOPE_OPERATORS } from "@/lib/domain-values";
import type { Prisma, ScopeOperator } from "@/generated/prisma/client";
import type { MaskSpec, RoleSpec, RuleSpec } from "@/test/policy";

// Random policies, records and relations for the differential test of the policy engine. They
// are generated with symbolic references ("$me", "#2", "$type") and made concrete once the run's
// ids exist, so fast-check can shrink them like plain data.

export const OPERATORS: readonly ScopeOperator[] = SCOPE_OPERATORS;
const FIELDS = [
  "status",
  "id",
  "createdAt",
  "data.a",
  "data.b",
  "data.n",
  "data.nested.x",
  "data.tags",
  "data.tags.0",
  "data.contacts.-1.phone",
  "data.userId",
  "data.missing",
];
const MASK_PATHS = [
  "data.a",
  "data.b",
  "data.n",
  "data.nested",
  "data.nested.x",
  "data.secret",
  "data.contacts.phone",
  "data.tags.0",
];
const STATUSES = ["active", "archived", "a_c", "draft"];
/** Strings that stress LIKE patterns, JSON escaping and case. */
const STRINGS = ["x", "abc", "a_c", "a%", "\\", ""];
export const RELATION_TYPES = ["r1", "r2"];
export const RECORDS_MAX = 5;

/** "$me" → the member's user id, "$org" → the organization, "#i" → the id of record i. */
const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -1.5) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom("$me", "$org", "#0", "#1") },
);
const json: fc.Arbitrary<Prisma.JsonValue> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ x: scalar }) },
);

export const recordArb = fc.record({
  status: fc.constantFrom(...STATUSES),
  data: fc.record(
    {
      a: json,
      b: json,
      n: fc.oneof(fc.integer({ min: 0, max: 2 }), json),
      nested: fc.oneof(fc.record({ x: json }, { requiredKeys: [] }), json),
      tags: fc.array(scalar, { maxLength: 3 }),
      contacts: fc.array(fc.record({ phone: json }, { requiredKeys: [] }), { maxLength: 2 }),
      userId: fc.constantFrom("$me", "someone"),
    },
    { requiredKeys: [] },
  ),
});
export type RecordSpec = { status: string; data: Record<string, Prisma.JsonValue> };

const ref = fc.integer({ min: 0, max: RECORDS_MAX }).map((i) => `#${i}`);
const template = fc.constantFrom("actor.userId", "actor.orgId", "actor.entityIds");

const fieldRule: fc.Arbitrary<RuleSpec> = fc.record({
  field: fc.constantFrom(...FIELDS),
  op: fc.constantFrom(...OPERATORS),
  value: fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 2, arbitrary: template },
    { weight: 1, arbitrary: fc.array(ref, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(...STATUSES) },
    { weight: 1, arbitrary: fc.constantFrom("2000-01-01T00:00:00.000Z", "2999-01-01", "soon") },
  ),
});
const relationRule: fc.Arbitrary<RuleSpec> = fc.record({
  relation: fc.constantFrom(...RELATION_TYPES),
  direction: fc.constantFrom("any" as const, "outgoing" as const, "incoming" as const),
  value: fc.oneof(fc.array(ref, { minLength: 1, maxLength: 3 }), ref, template),
});
const maskArb: fc.Arbitrary<MaskSpec> = fc.record(
  {
    path: fc.constantFrom(...MASK_PATHS),
    type: fc.constantFrom("hide" as const, "redact" as const),
    config: fc.constantFrom(
      { pattern: "[a-z]", replacement: "*" },
      { pattern: "(", replacement: "" },
    ),
  },
  { requiredKeys: ["path", "type"] },
);

const policyArb = fc.record({
  resource: fc.constantFrom("$type", "$type", "$type", "*", "*", "$other"),
  action: fc.constantFrom("list", "list", "list", "*", "*", "read"),
  effect: fc.constantFrom("allow" as const, "allow" as const, "deny" as const),
  rules: fc.array(fc.oneof({ weight: 3, arbitrary: fieldRule }, relationRule), { maxLength: 2 }),
  masks: fc.array(maskArb, { maxLength: 2 }),
});

// The first role always has an allow that applies (otherwise most runs would see nothing).
const baseAllow = policyArb.map((policy) => ({
  ...policy,
  resource: policy.resource === "$other" ? "$type" : policy.resource,
  action: policy.action === "read" ? "list" : policy.action,
  effect: "allow" as const,
}));
const roleArb = (first: fc.Arbitrary<RoleSpec["policies"][number]>) =>
  fc.record({
    policies: fc
      .tuple(first, fc.array(policyArb, { maxLength: 1 }))
      .map(([a, rest]) => [a, ...rest]),
    // Now and then the role is assigned for one record only.
    resourceId: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, ref),
  });
export const rolesArb: fc.Arbitrary<RoleSpec[]> = fc
  .tuple(roleArb(baseAllow), fc.array(roleArb(policyArb), { maxLength: 1 }))
  .map(([first, rest]) => [first, ...rest]);

export const relationsArb = fc.array(
  fc.record({
    from: fc.integer({ min: 0, max: RECORDS_MAX }),
    to: fc.integer({ min: 0, max: RECORDS_MAX }),
    type: fc.constantFrom(...RELATION_TYPES),
  }),
  { maxLength: 6 },
);

export type Refs = { me: string; org: string; ids: string[]; type: string; other: string };

/** The concrete JSON of a symbolic one. */
export function concrete(value: Prisma.JsonValue, refs: Refs): Prisma.JsonValue {
  if (typeof value === "string") {
    if (value === "$me") return refs.me;
    if (value === "$org") return refs.org;
    if (value === "$type") return refs.type;
    if (value === "$other") return refs.other;
    if (/^#\d+$/.test(value)) return refs.ids[Number(value.slice(1)) % refs.ids.length]!;
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => concrete(item, refs));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, concrete(item ?? null, refs)]),
    );
  return value;
}

/** The roles with every reference made concrete (rule values, resources, resourceId). */
export function concreteRoles(roles: RoleSpec[], refs: Refs): RoleSpec[] {
  return roles.map((role) => ({
    ...role,
    resourceId: role.resourceId ? String(concrete(role.resourceId, refs)) : undefined,
    resourceType: role.resourceId ? refs.type : undefined,
    policies: role.policies.map((policy) => ({
      ...policy,
      resource: String(concrete(policy.resource, refs)),
      rules: (policy.rules ?? []).map((rule) => ({ ...rule, value: concrete(rule.value, refs) })),
    })),
  }));
}

/** Paths that the roles hide on records of the type (from allowing read/list policies). */
export function hiddenPaths(roles: RoleSpec[], type: string): string[] {
  return roles.flatMap((role) =>
    role.policies
      .filter(
        (policy) =>
          (policy.effect ?? "allow") === "allow" &&
          (policy.resource === type || policy.resource === "*") &&
          ["read", "list", "*"].includes(policy.action),
      )
      .flatMap((policy) => (policy.masks ?? []).filter((mask) => mask.type === "hide"))
      .map((mask) => mask.path),
  );
}

/**
 * Puts the value at a dotted `data.` path, making objects on the way; through an array, at the
 * element a numeric segment names, or else in every element (as masks read paths).
 */
export function setPath(data: Record<string, Prisma.JsonValue>, path: string, value: string) {
  const put = (target: Prisma.JsonValue, keys: string[]): Prisma.JsonValue => {
    const [key, ...rest] = keys;
    if (key === undefined) return value;
    if (Array.isArray(target)) {
      if (/^-?\d+$/.test(key)) {
        const index = Number(key) < 0 ? target.length + Number(key) : Number(key);
        if (index >= 0 && index < target.length) target[index] = put(target[index]!, rest);
        else target.push(put(null, rest));
        return target;
      }
      return target.length > 0 ? target.map((item) => put(item, keys)) : [put(null, keys)];
    }
    const object = target && typeof target === "object" ? target : {};
    object[key] = put(object[key] ?? null, rest);
    return object;
  };
  put(data, path.replace(/^data\./, "").split("."));
}
