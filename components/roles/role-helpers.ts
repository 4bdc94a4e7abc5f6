import {
  MASK_TYPES,
  POLICY_EFFECTS,
  RECORD_ACTIONS,
  RELATION_DIRECTIONS,
  SCOPE_OPERATORS,
  SCOPE_RULE_TYPES,
} from "@/lib/domain-values";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

// Shapes and vocabulary of the Roles pages (docs/permissions.md), and the parsing their forms share.

export type Role = RouterOutputs["roles"]["list"][number];
export type RoleWithPolicies = RouterOutputs["roles"]["getWithPolicies"];
export type Policy = RoleWithPolicies["policies"][number];
export type ScopeRule = Policy["scopeRules"][number];
export type FieldMask = Policy["fieldMasks"][number];
export type UserRole = RouterOutputs["roles"]["getUserRoles"][number];
export type Explanation = RouterOutputs["roles"]["simulate"];

/** What a policy may name; `*` matches every action. */
export const POLICY_ACTIONS = ["*", ...RECORD_ACTIONS] as const;
/** What a request does: the simulator asks about one concrete action. */
export const REQUEST_ACTIONS = ["read", "list", "create", "update", "delete"] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const EFFECTS = POLICY_EFFECTS;
export const RULE_TYPES = SCOPE_RULE_TYPES;
export const OPERATORS = SCOPE_OPERATORS;
export const DIRECTIONS = RELATION_DIRECTIONS;
export { MASK_TYPES };

/** Values the engine resolves against the actor at decision time. */
export const VALUE_TEMPLATES = ["actor.userId", "actor.orgId", "actor.entityIds"] as const;
export const LITERAL = "literal";
export type ValueTemplate = (typeof VALUE_TEMPLATES)[number] | typeof LITERAL;

/** The resource every entity-type policy is about; `*` covers every type as well. */
export const ENTITY_TYPE_RESOURCE = "entityType";

/** What a policy says, as the add and edit forms send it (roles.addPolicy without the role). */
export type PolicyValues = Required<Omit<RouterInputs["roles"]["addPolicy"], "roleId">>;
/**
 * The same as a form holds it: the priority as typed, and the action as stored (the output
 * types it as any string; the form refuses to send one outside POLICY_ACTIONS).
 */
export type PolicyFormValues = Omit<PolicyValues, "action" | "priority"> & {
  action: string;
  priority: string;
};
type StoredPolicy = Pick<Policy, "resource" | "action" | "effect" | "priority">;

/** "allow read on students": how a policy is named in labels and dialogs. */
export function policyLabel(policy: Pick<Policy, "effect" | "action" | "resource">): string {
  return `${policy.effect} ${policy.action} on ${policy.resource}`;
}

/** A policy's values as its edit form starts from. */
export function policyFormValues(policy: StoredPolicy): PolicyFormValues {
  const { resource, action, effect, priority } = policy;
  return { resource, action, effect, priority: String(priority) };
}

export type ParsedPolicyForm =
  | { ok: true; values: PolicyValues }
  | { ok: false; errors: { action?: string; priority?: string } };

/** A policy form's values ready to send (a blank priority is the default, 0), or their errors. */
export function parsePolicyForm(form: PolicyFormValues): ParsedPolicyForm {
  const { action } = form;
  const priority = Number(form.priority.trim() === "" ? "0" : form.priority);
  const actionOk = isOneOf(POLICY_ACTIONS, action);
  if (actionOk && Number.isInteger(priority)) {
    return { ok: true, values: { ...form, action, priority } };
  }
  const errors: { action?: string; priority?: string } = {};
  if (!actionOk) errors.action = "Choose one of the actions";
  if (!Number.isInteger(priority)) errors.priority = "Priority must be a whole number";
  return { ok: false, errors };
}

/**
 * Only what the edit changed, so an update leaves alone what someone else changed meanwhile and
 * the server does not re-check a resource that stays (its entity type may since be gone).
 */
export function changedPolicyValues(
  policy: StoredPolicy,
  values: PolicyValues,
): Partial<PolicyValues> {
  const changes: Partial<PolicyValues> = {};
  if (values.resource !== policy.resource) changes.resource = values.resource;
  if (values.action !== policy.action) changes.action = values.action;
  if (values.effect !== policy.effect) changes.effect = values.effect;
  if (values.priority !== policy.priority) changes.priority = values.priority;
  return changes;
}

/** Narrows a select's string to one of a fixed list of options. */
export function isOneOf<const T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type ParsedJson = { ok: true; value: JsonValue } | { ok: false; error: string };

/**
 * A rule's literal value, typed as JSON (`"teacher"`, `42`, `["a","b"]`, `true`). A bare word is
 * refused rather than guessed at: `active` and `"active"` would otherwise be easy to confuse with
 * a typo of a number or a template.
 */
export function parseJsonValue(text: string): ParsedJson {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: 'Enter a JSON value, e.g. "active" or 42' };
  try {
    return { ok: true, value: JSON.parse(trimmed) as JsonValue };
  } catch {
    return {
      ok: false,
      error: `Not valid JSON: ${trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed} (quote strings: "${trimmed}")`,
    };
  }
}

/** A JSON value on one line, for tables and rule summaries. */
export function formatJson(value: unknown): string {
  if (value === undefined) return "—";
  return JSON.stringify(value) ?? "—";
}

/** Whether a stored rule value is a template the engine resolves, rather than a literal. */
export function isTemplate(value: unknown): boolean {
  return typeof value === "string" && isOneOf(VALUE_TEMPLATES, value);
}

/** "data.teacherId eq actor.userId", "related via teaches (incoming) to [\"…\"]". */
export function describeRule(rule: {
  type: ScopeRule["type"];
  field: string | null;
  operator: string | null;
  value: unknown;
  relationPath: string | null;
  relationDirection?: string;
}): string {
  const value = isTemplate(rule.value) ? String(rule.value) : formatJson(rule.value);
  if (rule.type === "relation") {
    const direction =
      rule.relationDirection && rule.relationDirection !== "any"
        ? ` (${rule.relationDirection})`
        : "";
    return `related via ${rule.relationPath ?? "?"}${direction} to ${value}`;
  }
  return `${rule.field ?? "?"} ${rule.operator ?? "?"} ${value}`;
}

/** "data.phone hide", "data.email redact /(.+)@/ → ***@". */
export function describeMask(
  mask: Pick<FieldMask, "fieldPath" | "maskType" | "maskConfig">,
): string {
  const config = mask.maskConfig;
  if (config && typeof config === "object" && !Array.isArray(config) && "pattern" in config) {
    const replacement = "replacement" in config ? String(config.replacement) : "*";
    return `${mask.fieldPath} ${mask.maskType} /${String(config.pattern)}/ → ${replacement}`;
  }
  return `${mask.fieldPath} ${mask.maskType}`;
}

/** A `datetime-local` value ("YYYY-MM-DDTHH:mm", local time) as a Date, or null if incomplete. */
export function fromDateTimeLocal(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
