import { listEvents } from "@/server/services/event-log";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import {
  CURSOR,
  eventResult,
  ID,
  limit,
  num,
  serviceContext,
  str,
} from "@/server/agent/tools/shared";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

export const eventQuery: BuiltinTool = {
  ...builtinToolInfo("event.query"),
  inputSchema: {
    type: "object",
    properties: {
      eventType: {
        type: "string",
        minLength: 1,
        maxLength: 200,
        description: "Only events of this type, e.g. `student.updated`.",
      },
      entityId: { ...ID, description: "Only events of this record." },
      since: {
        type: "string",
        format: "date-time",
        maxLength: 40,
        description: "Only events at or after this ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z.",
      },
      limit: limit(MAX_LIMIT, DEFAULT_LIMIT),
      cursor: CURSOR,
    },
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const since = str(input, "since");
    const page = await listEvents(serviceContext(ctx), {
      eventType: str(input, "eventType"),
      entityId: str(input, "entityId"),
      since: since === undefined ? undefined : new Date(since),
      limit: num(input, "limit") ?? DEFAULT_LIMIT,
      cursor: str(input, "cursor"),
    });
    return { items: page.items.map(eventResult), nextCursor: page.nextCursor };
  },
};
