import { listEntities } from "@/server/services/entities";
import type { DataFilter, JsonScalar } from "@/server/services/entity-filters";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import {
  CURSOR,
  entityResult,
  limit,
  num,
  obj,
  serviceContext,
  STATUS,
  str,
  TYPE_SLUG,
} from "@/server/agent/tools/shared";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** `grade`, `address.city` or `data.grade` → an equality filter on that data path. */
export function filtersFrom(filters: Record<string, unknown> | undefined): DataFilter[] {
  return Object.entries(filters ?? {}).map(([key, value]) => ({
    field: `data.${key.replace(/^data\./, "")}`,
    op: "eq" as const,
    value: value as JsonScalar,
  }));
}

export const entityQuery: BuiltinTool = {
  ...builtinToolInfo("entity.query"),
  inputSchema: {
    type: "object",
    properties: {
      type: TYPE_SLUG,
      filters: {
        type: "object",
        description:
          "Data field path → the value it must equal (strings, numbers, booleans or null). Paths " +
          "are dotted (`address.city`); a `data.` prefix is accepted.",
        maxProperties: 20,
        propertyNames: { minLength: 1, maxLength: 200 },
        additionalProperties: { type: ["string", "number", "boolean", "null"] },
      },
      status: STATUS,
      limit: limit(MAX_LIMIT, DEFAULT_LIMIT),
      cursor: CURSOR,
    },
    required: ["type"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const type = str(input, "type")!;
    const page = await listEntities(serviceContext(ctx), {
      entityTypeSlug: type,
      status: str(input, "status"),
      filters: filtersFrom(obj(input, "filters")),
      limit: num(input, "limit") ?? DEFAULT_LIMIT,
      cursor: str(input, "cursor"),
    });
    return {
      items: page.items.map((record) => entityResult(record, type)),
      nextCursor: page.nextCursor,
    };
  },
};
