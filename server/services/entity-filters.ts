import { Prisma, type FieldMask } from "@/generated/prisma/client";
import { forbidden } from "@/server/errors";
import { dataPath } from "@/server/policy/rules";

// Filters on an entity's data, compiled to Prisma JSON-path conditions (SQL, before pagination).

export type JsonScalar = string | number | boolean | null;
export type DataFilter =
  | { field: string; op: "eq" | "neq"; value: JsonScalar }
  | { field: string; op: "in"; value: JsonScalar[] }
  | { field: string; op: "gt" | "gte" | "lt" | "lte"; value: number | string };

// A JSON null in the data is matched with Prisma's JsonNull sentinel, not a plain null.
const jsonValue = (value: JsonScalar) => (value === null ? Prisma.JsonNull : value);

export function dataFilterWhere(filter: DataFilter): Prisma.EntityWhereInput {
  const path = dataPath(filter.field);
  switch (filter.op) {
    case "eq":
      return { data: { path, equals: jsonValue(filter.value) } };
    case "neq":
      // A record without the field is "not equal" too (as `!==` in the original); SQL's
      // NOT (NULL = x) alone would drop it. DbNull on a path matches a missing path.
      return {
        OR: [
          { NOT: { data: { path, equals: jsonValue(filter.value) } } },
          { data: { path, equals: Prisma.DbNull } },
        ],
      };
    case "in":
      return { OR: filter.value.map((value) => ({ data: { path, equals: jsonValue(value) } })) };
    case "gt":
      return { data: { path, gt: filter.value } };
    case "gte":
      return { data: { path, gte: filter.value } };
    case "lt":
      return { data: { path, lt: filter.value } };
    case "lte":
      return { data: { path, lte: filter.value } };
  }
}

/**
 * 403 when `field` (`grade`, `data.address.city`) is, contains or lies inside a masked path:
 * filtering or sorting on a field the actor cannot see would reveal its values one guess (or one
 * page order) at a time. Array indexes are dropped before comparing: masks reach into every
 * element of an array, so `contacts.0.phone` is covered by a mask on `data.contacts.phone`.
 */
export function assertNotMasked(masks: FieldMask[], field: string, use: "filter" | "sort"): void {
  const withoutIndexes = (path: string) =>
    path
      .split(".")
      .filter((segment) => !/^-?\d+$/.test(segment))
      .join(".");
  const path = `data.${field.replace(/^data\./, "")}`;
  const plain = withoutIndexes(path);
  const touches = (hidden: string) =>
    plain === hidden || plain.startsWith(`${hidden}.`) || hidden.startsWith(`${plain}.`);
  if (masks.some((mask) => touches(withoutIndexes(mask.fieldPath))))
    throw forbidden(`Not allowed to ${use} on ${path}`);
}
