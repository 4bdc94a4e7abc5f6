import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import { Prisma, type ScopeOperator } from "@/generated/prisma/client";
import { badRequest } from "@/server/errors";
import { patternProblem } from "@/server/policy/regex";
import { ENTITY_COLUMNS } from "@/server/policy/rules";
import type { addFieldMaskInput, addScopeRuleInput } from "@/server/routers/roles.schemas";

// What makes a policy, scope rule or field mask meaningful to the engine (server/policy). A
// rule the engine would silently read as "matches nothing" (a typo in a field, a list where a
// number is compared, an unknown template) is refused here instead, naming the field at fault.

export const TEMPLATES = ["actor.userId", "actor.orgId", "actor.entityIds"] as const;
const LIST_TEMPLATE = "actor.entityIds";
const DATA_PATH = /^data(\.[^.\s]+)+$/;
const MAX_LIST = 1000;
const RANGE: ScopeOperator[] = ["gt", "gte", "lt", "lte"];

type Json = Prisma.JsonValue;

const isColumn = (field: string) => (ENTITY_COLUMNS as readonly string[]).includes(field);
const isScalar = (value: Json) => value === null || typeof value !== "object";
const isTemplate = (value: unknown) =>
  typeof value === "string" && (TEMPLATES as readonly string[]).includes(value);

/** A policy's resource: `*`, `entityType`, or the slug of one of the organization's types. */
export async function assertResource(db: DbClient, orgId: string, resource: string) {
  if (resource === "*" || resource === "entityType") return;
  const type = await db.entityType.count({ where: { organizationId: orgId, slug: resource } });
  if (type === 0) {
    throw badRequest(
      `Unknown resource "${resource}": use an entity type's slug, "*" or "entityType"`,
      "resource",
    );
  }
}

/**
 * A scope rule as roles.addScopeRule validates it, without its policy. `value` may be anything:
 * callers other than tRPC pass theirs as they are, and it is checked here against the rule's
 * field and operator.
 */
export type ScopeRuleInput = Omit<z.output<typeof addScopeRuleInput>, "policyId" | "value"> & {
  value?: unknown;
};

export type ScopeRuleData = {
  type: "field" | "relation";
  field: string | null;
  operator: ScopeOperator | null;
  value: Json;
  relationPath: string | null;
  relationDirection: "any" | "outgoing" | "incoming";
};

function assertKnownTemplate(value: unknown): void {
  if (typeof value === "string" && value.startsWith("actor.") && !isTemplate(value)) {
    throw badRequest(
      `Unknown template "${value}": use actor.userId, actor.orgId or actor.entityIds`,
      "value",
    );
  }
}

/** The value of a field rule, checked against its field and operator. */
function fieldValue(field: string, operator: ScopeOperator, raw: unknown): Json {
  const column = isColumn(field);
  if (operator === "exists") {
    if (raw === undefined || raw === null) return true;
    if (typeof raw !== "boolean") throw badRequest("exists takes true or false", "value");
    return raw;
  }
  if (raw === undefined) throw badRequest(`${operator} needs a value`, "value");
  const value = raw as Json;
  assertKnownTemplate(value);
  if (value === LIST_TEMPLATE && !["eq", "neq", "in", "nin"].includes(operator)) {
    throw badRequest(`actor.entityIds is a list: use it with in, nin, eq or neq`, "value");
  }
  if (operator === "in" || operator === "nin") {
    if (value === LIST_TEMPLATE) return value;
    if (!Array.isArray(value) || value.length > MAX_LIST || !value.every(isScalar)) {
      throw badRequest(`${operator} needs a list of values or "actor.entityIds"`, "value");
    }
    if (column && !value.every((item) => typeof item === "string")) {
      throw badRequest(`${field} holds text: list strings`, "value");
    }
    return value;
  }
  if (RANGE.includes(operator)) {
    if (column && field !== "createdAt" && field !== "updatedAt") {
      throw badRequest(`${operator} applies to createdAt, updatedAt or data fields`, "operator");
    }
    if (column) {
      if (typeof value !== "string" || Number.isNaN(new Date(value).getTime())) {
        throw badRequest(`${operator} on ${field} needs an ISO date`, "value");
      }
    } else if (typeof value !== "number") {
      throw badRequest(`${operator} compares numbers: the value must be a number`, "value");
    }
    return value;
  }
  if (operator === "contains") {
    if (!isScalar(value) || (column && typeof value !== "string")) {
      throw badRequest("contains needs a single value (text for a column)", "value");
    }
    return value;
  }
  // eq / neq: a list means "one of" (as with actor.entityIds).
  if (column) {
    const ok = Array.isArray(value)
      ? value.length <= MAX_LIST && value.every((item) => typeof item === "string")
      : typeof value === "string";
    if (!ok) throw badRequest(`${field} holds text: compare it with a string`, "value");
  }
  return value;
}

/** Checks a rule and returns what to store; relation rules must name this org's entities. */
export async function scopeRuleData(
  db: DbClient,
  orgId: string,
  input: ScopeRuleInput,
): Promise<ScopeRuleData> {
  const relationDirection = input.relationDirection ?? "any";
  if (input.type === "field") {
    const field = input.field;
    if (!field) throw badRequest("A field rule needs a field", "field");
    if (!isColumn(field) && !DATA_PATH.test(field)) {
      throw badRequest(`field must be one of ${ENTITY_COLUMNS.join(", ")} or data.<path>`, "field");
    }
    if (!input.operator) throw badRequest("A field rule needs an operator", "operator");
    const value = fieldValue(field, input.operator, input.value);
    return {
      type: "field",
      field,
      operator: input.operator,
      value,
      relationPath: null,
      relationDirection,
    };
  }
  if (!input.relationPath) throw badRequest("A relation rule needs a relationPath", "relationPath");
  const value = input.value;
  if (value === LIST_TEMPLATE) {
    return {
      type: "relation",
      field: null,
      operator: null,
      value,
      relationPath: input.relationPath,
      relationDirection,
    };
  }
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_LIST ||
    !value.every((item) => typeof item === "string")
  ) {
    throw badRequest('A relation rule needs a list of entity ids or "actor.entityIds"', "value");
  }
  const ids = [...new Set(value as string[])];
  const found = await db.entity.count({ where: { organizationId: orgId, id: { in: ids } } });
  if (found !== ids.length) throw badRequest("value lists entities that do not exist", "value");
  return {
    type: "relation",
    field: null,
    operator: null,
    value: ids,
    relationPath: input.relationPath,
    relationDirection,
  };
}

/** How a rule value is stored: JSON null stays a JSON value (eq null is a real comparison). */
export const storedJson = (value: Json): Prisma.InputJsonValue | typeof Prisma.JsonNull =>
  value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue);

/** A field mask as roles.addFieldMask validates it, without its policy. */
export type FieldMaskInput = Omit<z.output<typeof addFieldMaskInput>, "policyId">;

/** Masks apply to data fields (the columns are part of every record's shape). */
export function assertFieldMask(input: FieldMaskInput): void {
  if (!DATA_PATH.test(input.fieldPath)) {
    throw badRequest("A mask applies to a data field: data.<path>", "fieldPath");
  }
  if (!input.maskConfig) return;
  if (input.maskType !== "redact") {
    throw badRequest("maskConfig only applies to redact masks", "maskConfig");
  }
  // Compiled as masks run it (RE2, linear time: docs/tenant-patterns.md).
  const problem = patternProblem(input.maskConfig.pattern, "mask");
  if (problem) {
    throw badRequest(`maskConfig.pattern is refused: ${problem}`, "maskConfig.pattern");
  }
}
