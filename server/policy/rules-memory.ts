import type { ScopeRule } from "@/generated/prisma/client";
import type { PolicyContext } from "@/server/policy/load";
import {
  arrayIndex,
  asList,
  columnOf,
  dataPath,
  resolveValue,
  type EntityLike,
  type RelationLike,
} from "@/server/policy/rules";

// Scope rules evaluated in memory on one record: explain (the simulator) and the engine's
// inScope. They must mean exactly what the SQL of rules.ts means (differential.int.test.ts).

function readPath(record: EntityLike, field: string): { found: boolean; value: unknown } {
  const column = columnOf(field);
  if (column) return { found: true, value: record[column] };
  if (!field.startsWith("data.")) return { found: false, value: undefined };
  let current: unknown = record.data;
  for (const key of dataPath(field)) {
    if (Array.isArray(current)) {
      // As PostgreSQL's `#>`: a numeric segment indexes an array (negative from the end).
      const index = arrayIndex(current.length, key);
      if (index === null) return { found: false, value: undefined };
      current = current[index];
    } else if (
      typeof current === "object" &&
      current !== null &&
      // Own keys only: `"constructor" in {}` is true, and SQL sees no such field.
      Object.hasOwn(current, key)
    ) {
      current = (current as Record<string, unknown>)[key];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: current };
}

// A time column equals a string naming the same instant (as in SQL).
const same = (a: unknown, b: unknown) =>
  a instanceof Date
    ? typeof b === "string" && new Date(b).getTime() === a.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

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
  /** A deny's contains/range rule matches an object value (fails closed, as in SQL). */
  effect: "allow" | "deny" = "allow",
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
  const failClosed =
    effect === "deny" &&
    !columnOf(field) &&
    typeof actual === "object" &&
    actual !== null &&
    !Array.isArray(actual);
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
      if (failClosed) return true;
      if (typeof actual === "string" && typeof value === "string") return actual.includes(value);
      return Array.isArray(actual) && actual.some((item) => same(item, value));
    case "exists":
      return value === false ? !found : found;
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      if (failClosed && typeof value === "number") return true;
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
