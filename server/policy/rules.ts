import { Prisma, type ScopeRule } from "@/generated/prisma/client";
import type { PolicyContext } from "@/server/policy/load";

// Scope rules compiled to a Prisma `where` on entities (filtering happens in SQL, so pages stay
// exact). rules-memory.ts evaluates the same rules on one record (explain); the differential
// test (differential.int.test.ts) keeps the two in agreement.

export const ENTITY_COLUMNS = ["id", "status", "entityTypeId", "createdAt", "updatedAt"] as const;
type Column = (typeof ENTITY_COLUMNS)[number];

export type EntityLike = {
  id: string;
  status: string;
  entityTypeId: string;
  data: unknown;
  createdAt?: Date;
  updatedAt?: Date;
};
/** Relations of a record, for relation rules evaluated in memory. */
export type RelationLike = { fromEntityId: string; toEntityId: string; relationType: string };

const TEMPLATES = ["actor.userId", "actor.orgId", "actor.entityIds"] as const;
/** What `actor.userId` resolves to for an actor without a user: no cuid looks like it. */
const NO_USER = "(no user)";

/** A rule's value with templates resolved against the actor. */
export function resolveValue(
  value: Prisma.JsonValue | null,
  ctx: PolicyContext,
): Prisma.JsonValue | null {
  if (typeof value !== "string" || !(TEMPLATES as readonly string[]).includes(value)) return value;
  const actor = ctx.actor;
  if (value === "actor.orgId") return actor.orgId;
  if (value === "actor.entityIds") return ctx.entityIds;
  if (actor.type === "user") return actor.userId;
  if (actor.type === "agent" && actor.onBehalfOf?.type === "user") return actor.onBehalfOf.userId;
  // An actor without a user id matches no `actor.userId` rule. (Not a NUL character: PostgreSQL
  // rejects it in a jsonb parameter, so the whole query failed.)
  return NO_USER;
}

export function columnOf(field: string): Column | null {
  return (ENTITY_COLUMNS as readonly string[]).includes(field) ? (field as Column) : null;
}

/** `grade` or `address.city` (a leading `data.` is accepted) → the JSON path in `data`. */
export function dataPath(field: string): string[] {
  return field
    .replace(/^data\./, "")
    .split(".")
    .filter(Boolean);
}

/** A path segment PostgreSQL's `#>` reads as an array index (`0`, `-1`, `+2`, ` 3`). */
export const ARRAY_INDEX = /^[ \t\n\v\f\r]*[+-]?\d+$/;

/**
 * The array element a path segment names, as PostgreSQL's `#>` reads it: an integer (spaces and
 * a sign allowed), negative from the end; null when it names none.
 */
export function arrayIndex(length: number, key: string): number | null {
  if (!ARRAY_INDEX.test(key)) return null;
  const number = Number(key.trim());
  const index = number < 0 ? length + number : number;
  return index >= 0 && index < length ? index : null;
}

export const asList = (value: Prisma.JsonValue | null): Prisma.JsonValue[] =>
  Array.isArray(value) ? value : [value];
const jsonEq = (path: string[], value: Prisma.JsonValue | null): Prisma.EntityWhereInput => ({
  data: { path, equals: value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue) },
});
const missing = (path: string[]): Prisma.EntityWhereInput => ({
  data: { path, equals: Prisma.DbNull },
});
const NOTHING: Prisma.EntityWhereInput = { id: { in: [] } };
// Not `{}`: Prisma drops `{}` from an OR (so `OR: [{}, x]` is x) and reads `NOT: {}` as true.
// Nor `OR: []`: beside other conditions Prisma drops it too, so "one of no values" (an empty
// actor.entityIds) matched every record.
const EVERYTHING: Prisma.EntityWhereInput = { NOT: NOTHING };
const isNothing = (where: Prisma.EntityWhereInput) => where === NOTHING;
const not = (where: Prisma.EntityWhereInput): Prisma.EntityWhereInput =>
  isNothing(where) ? EVERYTHING : where === EVERYTHING ? NOTHING : { NOT: where };
/** "x equals one of the values"; no values: nothing. */
const equalsAny = (path: string[], value: Prisma.JsonValue | null): Prisma.EntityWhereInput => {
  const values = asList(value);
  return values.length === 0 ? NOTHING : { OR: values.map((item) => jsonEq(path, item)) };
};
/** Prisma's `contains` is a LIKE without escaping: `%`, `_` and `\` in a value are literal here. */
const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);
// Positive tests of a JSON value's type (Prisma has no "is an object" test).
const isType = (path: string[]): Prisma.EntityWhereInput[] => [
  { data: { path, string_contains: "" } },
  { data: { path, array_contains: [] } },
  { data: { path, gte: 0 } },
  { data: { path, lt: 0 } },
  jsonEq(path, true),
  jsonEq(path, false),
  jsonEq(path, null),
];

function fieldWhere(rule: ScopeRule, value: Prisma.JsonValue | null): Prisma.EntityWhereInput {
  const field = rule.field ?? "";
  const column = columnOf(field);
  const op = rule.operator;
  if (column) {
    const time = column === "createdAt" || column === "updatedAt";
    // Columns hold text, or instants for the time columns: other values equal nothing (and a
    // string that is no date must not reach Prisma, which rejects the whole query).
    const items = asList(value).flatMap<string | Date>((item) => {
      if (typeof item !== "string") return [];
      if (!time) return [item];
      const date = new Date(item);
      return Number.isNaN(date.getTime()) ? [] : [date];
    });
    switch (op) {
      case "eq":
      case "in":
        return items.length > 0 ? { [column]: { in: items } } : NOTHING;
      case "neq":
      case "nin":
        return items.length > 0 ? { [column]: { notIn: items } } : EVERYTHING;
      case "contains":
        return typeof value === "string" && !time
          ? { [column]: { contains: likeLiteral(value) } }
          : NOTHING;
      case "exists":
        return value === false ? NOTHING : EVERYTHING;
      case "gt":
      case "gte":
      case "lt":
      case "lte":
        // Only the time columns are ordered; a rule on another column matches nothing.
        return time && items.length === 1 && !Array.isArray(value)
          ? { [column]: { [op]: items[0] } }
          : NOTHING;
      default:
        return NOTHING;
    }
  }
  if (!field.startsWith("data.")) return NOTHING;
  const path = dataPath(field);
  switch (op) {
    case "eq":
    case "in":
      // A list (e.g. actor.entityIds) with eq means "one of".
      return Array.isArray(value) || op === "in" ? equalsAny(path, value) : jsonEq(path, value);
    case "neq":
    case "nin":
      return {
        OR: [missing(path), not(equalsAny(path, value))],
      };
    case "contains":
      return typeof value === "string"
        ? {
            OR: [
              { data: { path, string_contains: likeLiteral(value) } },
              { data: { path, array_contains: [value] } },
            ],
          }
        : { data: { path, array_contains: [value as Prisma.InputJsonValue] } };
    case "exists":
      return value === false ? missing(path) : { NOT: missing(path) };
    // Ranges compare numbers only: string order differs between database collations and code.
    case "gt":
      return typeof value === "number" ? { data: { path, gt: value } } : NOTHING;
    case "gte":
      return typeof value === "number" ? { data: { path, gte: value } } : NOTHING;
    case "lt":
      return typeof value === "number" ? { data: { path, lt: value } } : NOTHING;
    case "lte":
      return typeof value === "number" ? { data: { path, lte: value } } : NOTHING;
    default:
      return NOTHING;
  }
}

function relationWhere(
  rule: ScopeRule,
  value: Prisma.JsonValue | null,
  ctx: PolicyContext,
): Prisma.EntityWhereInput {
  const ids = asList(value).filter((item): item is string => typeof item === "string");
  const relationType = rule.relationPath ?? "";
  // The organization too: relations never cross it, and it is the leading column of the
  // relation indexes (without it PostgreSQL read every organization's relations).
  const organizationId = ctx.actor.orgId;
  const outgoing = {
    relationsFrom: { some: { organizationId, relationType, toEntityId: { in: ids } } },
  };
  const incoming = {
    relationsTo: { some: { organizationId, relationType, fromEntityId: { in: ids } } },
  };
  if (rule.relationDirection === "outgoing") return outgoing;
  if (rule.relationDirection === "incoming") return incoming;
  return { OR: [outgoing, incoming] };
}

export function ruleWhere(rule: ScopeRule, ctx: PolicyContext): Prisma.EntityWhereInput {
  const value = resolveValue(rule.value, ctx);
  return rule.type === "relation" ? relationWhere(rule, value, ctx) : fieldWhere(rule, value);
}

/**
 * The records a field rule does NOT match, for deny policies. Not `NOT: ruleWhere(...)`: SQL's
 * NOT of NULL (a missing field) drops the record, and Prisma's NOT of a typed JSON filter
 * (contains, ranges) keeps its type ("a number not > 5"). So the complement is spelled out with
 * positive filters. A value that is an object cannot be tested for in Prisma: a deny's contains
 * or range rule counts it as matched (fails closed), in memory too (`ruleMatches`).
 */
function fieldWhereNot(rule: ScopeRule, value: Prisma.JsonValue | null): Prisma.EntityWhereInput {
  const field = rule.field ?? "";
  const matched = fieldWhere(rule, value);
  // Columns are never NULL, and their filters are not typed: a plain NOT is exact.
  if (columnOf(field) || !field.startsWith("data.") || isNothing(matched)) return not(matched);
  const path = dataPath(field);
  const otherTypes = (drop: number[]) => isType(path).filter((_, index) => !drop.includes(index));
  switch (rule.operator) {
    case "eq":
    case "in":
      return { OR: [missing(path), not(matched)] };
    case "neq":
    case "nin":
      return equalsAny(path, value);
    case "exists":
      return not(matched);
    case "contains": {
      const notInArray = {
        NOT: { data: { path, array_contains: [value as Prisma.InputJsonValue] } },
      };
      if (typeof value !== "string") return { OR: [missing(path), notInArray, ...otherTypes([1])] };
      const notInString = { NOT: { data: { path, string_contains: likeLiteral(value) } } };
      return { OR: [missing(path), notInString, notInArray, ...otherTypes([0, 1])] };
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const bound = value as number;
      const opposite = {
        gt: { lte: bound },
        gte: { lt: bound },
        lt: { gte: bound },
        lte: { gt: bound },
      };
      return {
        OR: [missing(path), { data: { path, ...opposite[rule.operator] } }, ...otherTypes([2, 3])],
      };
    }
    default:
      return EVERYTHING;
  }
}

/** The records a rule does not match (see fieldWhereNot); relation filters negate exactly. */
export function ruleWhereNot(rule: ScopeRule, ctx: PolicyContext): Prisma.EntityWhereInput {
  const value = resolveValue(rule.value, ctx);
  return rule.type === "relation"
    ? not(relationWhere(rule, value, ctx))
    : fieldWhereNot(rule, value);
}
