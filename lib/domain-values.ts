import {
  IdentityMode,
  MaskType,
  OrgRole,
  PolicyEffect,
  RelationDirection,
  ScopeOperator,
  ScopeRuleType,
} from "@/generated/prisma/enums";

// The fixed vocabularies of the domain, one list each, for the API's schemas, the dashboard's
// forms and the tests alike. Where the database has an enum, the list is read from it (the
// generated enums file imports nothing, so browsers can load it too): adding a value to the
// schema adds it everywhere.

type Values<T extends Record<string, string>> = readonly [T[keyof T], ...T[keyof T][]];
const valuesOf = <T extends Record<string, string>>(enumeration: T) =>
  Object.values(enumeration) as unknown as Values<T>;

export const ORG_ROLES = valuesOf(OrgRole);
export const SCOPE_OPERATORS = valuesOf(ScopeOperator);
export const SCOPE_RULE_TYPES = valuesOf(ScopeRuleType);
export const RELATION_DIRECTIONS = valuesOf(RelationDirection);
export const POLICY_EFFECTS = valuesOf(PolicyEffect);
export const MASK_TYPES = valuesOf(MaskType);
export const IDENTITY_MODES = valuesOf(IdentityMode);

/** What a policy or a tool permission names as an action (a text column: no database enum). */
export const RECORD_ACTIONS = ["create", "read", "update", "delete", "list"] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
/** A policy may also name every action. */
export const POLICY_ACTIONS = [...RECORD_ACTIONS, "*"] as const;
