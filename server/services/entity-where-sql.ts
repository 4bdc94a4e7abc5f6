import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";

// Why this exists: Prisma 7 cannot order by a JSON path (prisma/orm#10346), so a list sorted by
// a data field is a `$queryRaw`. Its WHERE must select exactly the rows Prisma would for the
// same `EntityWhereInput` (organization, type, status, data filters and the policy scope), so
// this compiles the shapes our own code builds (policy/rules.ts, policy/engine.ts,
// entity-filters.ts) into the SQL Prisma's query compiler generates for them (logged from
// Prisma 7.10), including the parts that are easy to get wrong:
// - a typed JSON filter (ranges, string_*, array_contains) also tests jsonb_typeof, and under a
//   NOT the test is flipped inside the negation ("NOT (x > 5 OR type <> number)": a number not
//   above 5), so a `reverse` flag travels down through every NOT;
// - SQL NULL (a missing path) makes NOT drop the row, as in Prisma;
// - `{}`, `AND: []` and the like are "no condition": dropped from an AND.
// Anything else throws (a 500 naming the shape): a condition silently ignored would widen a
// scope. Where Prisma's reading depends on where an empty condition stands (inside OR or NOT, an
// empty OR), this throws too. entity-where-sql.int.test.ts compares it with Prisma's findMany.

type Where = Prisma.EntityWhereInput;
/** `null`: no condition at all (Prisma drops it), unlike an explicit TRUE. */
type Condition = Prisma.Sql | null;

/** The alias the compiled condition uses for the entities table: `FROM "entities" AS e`. */
const ENTITY = Prisma.raw(`"e"`);
const RELATION = Prisma.raw(`"r"`);
const STRING_COLUMNS = ["id", "status", "entityTypeId", "organizationId"] as const;
const TIME_COLUMNS = ["createdAt", "updatedAt"] as const;
const TYPED_JSON_OPERATORS = {
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
} as const;
const LIKE_PATTERNS = {
  string_contains: (value: unknown) => Prisma.sql`('%' || ${value} || '%')`,
  string_starts_with: (value: unknown) => Prisma.sql`(${value} || '%')`,
  string_ends_with: (value: unknown) => Prisma.sql`('%' || ${value})`,
} as const;

function unsupported(what: string, value?: unknown): never {
  const shown = value === undefined ? "" : `: ${JSON.stringify(value)?.slice(0, 200)}`;
  throw new AppError(
    "INTERNAL_SERVER_ERROR",
    `Cannot compile entity filter to SQL (${what}${shown}); it was refused rather than ignored`,
  );
}

/** The condition of `where` on `"entities" AS e`; TRUE when it has none. */
export function entityWhereSql(where: Where): Prisma.Sql {
  return compile(where, false) ?? Prisma.sql`TRUE`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value));

const column = (table: Prisma.Sql, name: string) => Prisma.sql`${table}.${Prisma.raw(`"${name}"`)}`;

function and(parts: Prisma.Sql[]): Condition {
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : Prisma.sql`(${Prisma.join(parts, " AND ")})`;
}

function compile(where: unknown, reverse: boolean): Condition {
  if (!isPlainObject(where)) unsupported("a where that is not an object", where);
  const parts = Object.entries(where).flatMap(([key, value]) => {
    if (value === undefined) return [];
    const part = compileKey(key, value, reverse);
    return part ? [part] : [];
  });
  return and(parts);
}

/** The conditions of a list operand, every one of them a real condition. */
function operands(key: "OR" | "NOT", value: unknown, reverse: boolean): Prisma.Sql[] {
  const items = Array.isArray(value) ? value : key === "NOT" ? [value] : unsupported("OR", value);
  if (items.length === 0) unsupported(`an empty ${key}`);
  return items.map((item: unknown) => compile(item, reverse) ?? unsupported(`{} in ${key}`, item));
}

function compileKey(key: string, value: unknown, reverse: boolean): Condition {
  if (key === "AND") {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return and(items.flatMap((item) => compile(item, reverse) ?? []));
  }
  if (key === "OR") return Prisma.sql`(${Prisma.join(operands(key, value, reverse), " OR ")})`;
  if (key === "NOT")
    return and(operands(key, value, !reverse).map((part) => Prisma.sql`(NOT ${part})`));
  if ((STRING_COLUMNS as readonly string[]).includes(key))
    return stringFilter(column(ENTITY, key), value);
  if ((TIME_COLUMNS as readonly string[]).includes(key))
    return timeFilter(column(ENTITY, key), value);
  if (key === "deletedAt") {
    return value === null
      ? Prisma.sql`${column(ENTITY, key)} IS NULL`
      : unsupported("deletedAt other than null", value);
  }
  if (key === "data") return jsonFilter(value, reverse);
  if (key === "relationsFrom") return relationFilter(value, "fromEntityId", "toEntityId");
  if (key === "relationsTo") return relationFilter(value, "toEntityId", "fromEntityId");
  return unsupported(`the field ${key}`, value);
}

/** `{ op: value }` with exactly one operator: the shapes our code builds. */
function singleOperator(value: unknown, what: string): [string, unknown] {
  if (!isPlainObject(value)) return unsupported(what, value);
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length !== 1) unsupported(`${what} with other than one operator`, value);
  return entries[0]!;
}

const strings = (value: unknown, what: string): string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string")
    ? value
    : unsupported(what, value);

function stringFilter(target: Prisma.Sql, value: unknown): Prisma.Sql {
  if (typeof value === "string") return Prisma.sql`${target} = ${value}`;
  const [op, operand] = singleOperator(value, "a text column filter");
  if (op === "equals" && typeof operand === "string") return Prisma.sql`${target} = ${operand}`;
  if (op === "in" || op === "notIn") {
    const items = strings(operand, `${op} of text`);
    // As Prisma: IN of nothing is false, NOT IN of nothing is true (both real conditions).
    if (items.length === 0) return op === "in" ? Prisma.sql`FALSE` : Prisma.sql`TRUE`;
    const list = Prisma.join(items);
    return op === "in"
      ? Prisma.sql`${target} IN (${list})`
      : Prisma.sql`${target} NOT IN (${list})`;
  }
  // Prisma's `contains` is a LIKE with the value as given (callers escape % and _ themselves).
  if (op === "contains" && typeof operand === "string")
    return Prisma.sql`${target}::text LIKE ('%' || ${operand} || '%')`;
  return unsupported(`the text operator ${op}`, operand);
}

const instant = (value: unknown): string =>
  value instanceof Date && !Number.isNaN(value.getTime())
    ? value.toISOString()
    : unsupported("a time that is not a valid Date", value);

function timeFilter(target: Prisma.Sql, value: unknown): Prisma.Sql {
  if (value instanceof Date) return Prisma.sql`${target} = ${instant(value)}::timestamptz`;
  const [op, operand] = singleOperator(value, "a time column filter");
  if (op === "equals") return Prisma.sql`${target} = ${instant(operand)}::timestamptz`;
  if (op in TYPED_JSON_OPERATORS) {
    const sign = Prisma.raw(TYPED_JSON_OPERATORS[op as keyof typeof TYPED_JSON_OPERATORS]);
    return Prisma.sql`${target} ${sign} ${instant(operand)}::timestamptz`;
  }
  if (op === "in" || op === "notIn") {
    if (!Array.isArray(operand)) unsupported(`${op} of times`, operand);
    if (operand.length === 0) return op === "in" ? Prisma.sql`FALSE` : Prisma.sql`TRUE`;
    const list = Prisma.join(operand.map((item) => Prisma.sql`${instant(item)}::timestamptz`));
    return op === "in"
      ? Prisma.sql`${target} IN (${list})`
      : Prisma.sql`${target} NOT IN (${list})`;
  }
  return unsupported(`the time operator ${op}`, operand);
}

/** A JSON value as Prisma serialises it; anything JSON.stringify would bend is refused. */
function jsonText(value: unknown): string {
  const plain = (item: unknown): boolean =>
    item === null ||
    typeof item === "string" ||
    typeof item === "boolean" ||
    (typeof item === "number" && Number.isFinite(item)) ||
    (Array.isArray(item) && item.every(plain)) ||
    (isPlainObject(item) && Object.values(item).every(plain));
  if (value === null || !plain(value)) unsupported("a JSON value", value);
  return JSON.stringify(value);
}

function jsonFilter(value: unknown, reverse: boolean): Prisma.Sql {
  if (!isPlainObject(value)) return unsupported("a data filter", value);
  const { path, ...rest } = value;
  // Without a path Prisma compares the whole column: our code never does, so it is not here.
  const segments = strings(path, "a data filter without a path of strings");
  const pathSql =
    segments.length > 0 ? Prisma.sql`ARRAY[${Prisma.join(segments)}]::text[]` : Prisma.sql`'{}'`;
  const json = Prisma.sql`(${column(ENTITY, "data")} #> ${pathSql})`;
  const [op, operand] = singleOperator(rest, "a data filter");
  // Prisma's typed filters: the comparison AND the JSON type; under a NOT, OR the other types.
  const typed = (comparison: Prisma.Sql, type: "number" | "string" | "array") =>
    reverse
      ? Prisma.sql`(${comparison} OR jsonb_typeof(${json}) <> ${type})`
      : Prisma.sql`(${comparison} AND jsonb_typeof(${json}) = ${type})`;
  if (op === "equals") {
    if (operand === Prisma.DbNull) return Prisma.sql`${json} IS NULL`;
    if (operand === Prisma.JsonNull) return Prisma.sql`${json} = 'null'::jsonb`;
    return Prisma.sql`${json} = ${jsonText(operand)}::jsonb`;
  }
  if (op in TYPED_JSON_OPERATORS) {
    const sign = Prisma.raw(TYPED_JSON_OPERATORS[op as keyof typeof TYPED_JSON_OPERATORS]);
    const type =
      typeof operand === "number"
        ? "number"
        : typeof operand === "string"
          ? "string"
          : unsupported(`${op} of other than a number or a string`, operand);
    return typed(Prisma.sql`${json} ${sign} ${jsonText(operand)}::jsonb`, type);
  }
  if (op in LIKE_PATTERNS) {
    if (typeof operand !== "string") unsupported(`${op} of other than a string`, operand);
    const pattern = LIKE_PATTERNS[op as keyof typeof LIKE_PATTERNS](operand);
    const text = Prisma.sql`(${column(ENTITY, "data")} #>> ${pathSql})`;
    return typed(Prisma.sql`${text} LIKE ${pattern}`, "string");
  }
  if (op === "array_contains")
    return typed(Prisma.sql`${json} @> ${jsonText(operand)}::jsonb`, "array");
  return unsupported(`the data operator ${op}`, operand);
}

/** `relationsFrom: { some: { relationType, toEntityId } }` and the like: an EXISTS. */
function relationFilter(value: unknown, own: string, other: string): Prisma.Sql {
  const [quantifier, where] = singleOperator(value, "a relation filter");
  if (quantifier !== "some" || !isPlainObject(where))
    unsupported(`the relation filter ${quantifier}`, where);
  const conditions = Object.entries(where).flatMap(([key, item]) => {
    if (item === undefined) return [];
    if (key !== "organizationId" && key !== "relationType" && key !== other)
      unsupported(`the relation field ${key}`, item);
    return [stringFilter(column(RELATION, key), item)];
  });
  const correlated = Prisma.sql`${column(RELATION, own)} = ${column(ENTITY, "id")}`;
  return Prisma.sql`EXISTS (SELECT 1 FROM "entityRelations" AS ${RELATION} WHERE ${and([
    correlated,
    ...conditions,
  ])})`;
}
