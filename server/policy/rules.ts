import { Prisma, type ScopeRule } from "@/generated/prisma/client";
import type { PolicyContext } from "@/server/policy/load";

// Scope rules: compiled to a Prisma `where` on entities (filtering happens in SQL, so pages stay
// exact), and evaluated in memory on one record (explain, and the differential test that keeps
// the two in agreement).

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
  // An actor without a user id matches no `actor.userId` rule.
  return "\u0000no-user";
}

function columnOf(field: string): Column | null {
  return (ENTITY_COLUMNS as readonly string[]).includes(field) ? (field as Column) : null;
}

function dataPath(field: string): string[] {
  return field
    .replace(/^data\./, "")
    .split(".")
    .filter(Boolean);
}

const asList = (value: Prisma.JsonValue | null): Prisma.JsonValue[] =>
  Array.isArray(value) ? value : [value];
const jsonEq = (path: string[], value: Prisma.JsonValue | null): Prisma.EntityWhereInput => ({
  data: { path, equals: value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue) },
});
const missing = (path: string[]): Prisma.EntityWhereInput => ({
  data: { path, equals: Prisma.DbNull },
});
const NOTHING: Prisma.EntityWhereInput = { id: { in: [] } };

function fieldWhere(rule: ScopeRule, value: Prisma.JsonValue | null): Prisma.EntityWhereInput {
  const field = rule.field ?? "";
  const column = columnOf(field);
  const op = rule.operator;
  if (column) {
    const list = asList(value).filter((item): item is string => typeof item === "string");
    switch (op) {
      case "eq":
        return Array.isArray(value)
          ? { [column]: { in: list } }
          : typeof value === "string"
            ? { [column]: value }
            : NOTHING;
      case "in":
        return { [column]: { in: list } };
      case "neq":
        return Array.isArray(value)
          ? { [column]: { notIn: list } }
          : { NOT: { [column]: value as string } };
      case "nin":
        return { [column]: { notIn: list } };
      case "contains":
        return typeof value === "string" ? { [column]: { contains: value } } : NOTHING;
      case "exists":
        return value === false ? NOTHING : {};
      case "gt":
      case "gte":
      case "lt":
      case "lte": {
        // Only the time columns are ordered; a rule on another column matches nothing.
        const time = typeof value === "string" ? new Date(value) : null;
        if (
          (column !== "createdAt" && column !== "updatedAt") ||
          !time ||
          Number.isNaN(time.getTime())
        )
          return NOTHING;
        return { [column]: { [op]: time } };
      }
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
      return Array.isArray(value) || op === "in"
        ? { OR: asList(value).map((item) => jsonEq(path, item)) }
        : jsonEq(path, value);
    case "neq":
    case "nin":
      return {
        OR: [missing(path), { NOT: { OR: asList(value).map((item) => jsonEq(path, item)) } }],
      };
    case "contains":
      return typeof value === "string"
        ? {
            OR: [
              { data: { path, string_contains: value } },
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

function relationWhere(rule: ScopeRule, value: Prisma.JsonValue | null): Prisma.EntityWhereInput {
  const ids = asList(value).filter((item): item is string => typeof item === "string");
  const relationType = rule.relationPath ?? "";
  const outgoing = { relationsFrom: { some: { relationType, toEntityId: { in: ids } } } };
  const incoming = { relationsTo: { some: { relationType, fromEntityId: { in: ids } } } };
  if (rule.relationDirection === "outgoing") return outgoing;
  if (rule.relationDirection === "incoming") return incoming;
  return { OR: [outgoing, incoming] };
}

export function ruleWhere(rule: ScopeRule, ctx: PolicyContext): Prisma.EntityWhereInput {
  const value = resolveValue(rule.value, ctx);
  return rule.type === "relation" ? relationWhere(rule, value) : fieldWhere(rule, value);
}

// ---- In memory ---------------------------------------------------------------------------

function readPath(record: EntityLike, field: string): { found: boolean; value: unknown } {
  const column = columnOf(field);
  if (column) return { found: true, value: record[column] };
  if (!field.startsWith("data.")) return { found: false, value: undefined };
  let current: unknown = record.data;
  for (const key of dataPath(field)) {
    if (
      typeof current !== "object" ||
      current === null ||
      Array.isArray(current) ||
      !(key in current)
    ) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function compare(field: string, actual: unknown, value: unknown): number | null {
  if (field === "createdAt" || field === "updatedAt") {
    const time = typeof value === "string" ? new Date(value).getTime() : NaN;
    return actual instanceof Date && !Number.isNaN(time) ? actual.getTime() - time : null;
  }
  if (columnOf(field)) return null;
  return typeof actual === "number" && typeof value === "number" ? actual - value : null;
}

export function ruleMatches(
  rule: ScopeRule,
  ctx: PolicyContext,
  record: EntityLike,
  relations: RelationLike[],
): boolean {
  const value = resolveValue(rule.value, ctx);
  if (rule.type === "relation") {
    const ids = asList(value).filter((item): item is string => typeof item === "string");
    return relations.some(
      (relation) =>
        relation.relationType === rule.relationPath &&
        ((rule.relationDirection !== "incoming" &&
          relation.fromEntityId === record.id &&
          ids.includes(relation.toEntityId)) ||
          (rule.relationDirection !== "outgoing" &&
            relation.toEntityId === record.id &&
            ids.includes(relation.fromEntityId))),
    );
  }
  const field = rule.field ?? "";
  if (!columnOf(field) && !field.startsWith("data.")) return false;
  const { found, value: actual } = readPath(record, field);
  const list = asList(value);
  switch (rule.operator) {
    case "eq":
    case "in":
      return (
        found &&
        (Array.isArray(value) || rule.operator === "in"
          ? list.some((item) => same(actual, item))
          : same(actual, value))
      );
    case "neq":
    case "nin":
      return !found || !list.some((item) => same(actual, item));
    case "contains":
      if (!found) return false;
      if (typeof actual === "string" && typeof value === "string") return actual.includes(value);
      return Array.isArray(actual) && actual.some((item) => same(item, value));
    case "exists":
      return value === false ? !found : found;
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const difference = found ? compare(field, actual, value) : null;
      if (difference === null) return false;
      return { gt: difference > 0, gte: difference >= 0, lt: difference < 0, lte: difference <= 0 }[
        rule.operator
      ];
    }
    default:
      return false;
  }
}
