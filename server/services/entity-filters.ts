import { Prisma } from "@/generated/prisma/client";
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
