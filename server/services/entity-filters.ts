import type { z } from "zod";
import { Prisma, type FieldMask } from "@/generated/prisma/client";
import { forbidden } from "@/server/errors";
import { ARRAY_INDEX, dataPath } from "@/server/policy/rules";
import type { dataFilter } from "@/server/routers/business-schemas";

// Filters on an entity's data, compiled to Prisma JSON-path conditions (SQL, before pagination).

export type JsonScalar = string | number | boolean | null;
/** A filter on a data field, as the entities router validates it (list and search). */
export type DataFilter = z.output<typeof dataFilter>;

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
 * page order) at a time. The field is read exactly as the SQL reads it (dataPath: empty segments
 * dropped, so `.secret` and `data..secret` are `secret`), and every segment PostgreSQL may read
 * as an array index (`0`, `+0`, ` 0`) is dropped on both sides: masks reach into every element of
 * an array, so `contacts.0.phone` is covered by a mask on `data.contacts.phone`.
 */
export function assertNotMasked(masks: FieldMask[], field: string, use: "filter" | "sort"): void {
  const keys = (segments: string[]) => segments.filter((segment) => !ARRAY_INDEX.test(segment));
  const path = keys(dataPath(field));
  const within = (inner: string[], outer: string[]) =>
    outer.every((segment, index) => inner[index] === segment);
  const hides = (mask: FieldMask) => {
    const [root, ...rest] = mask.fieldPath.split(".");
    if (root !== "data") return false;
    const hidden = keys(rest.filter(Boolean));
    return within(path, hidden) || within(hidden, path);
  };
  if (masks.some(hides))
    throw forbidden(`Not allowed to ${use} on data.${dataPath(field).join(".")}`);
}
