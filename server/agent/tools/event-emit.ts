import { emitEvent, type EmitEventInput } from "@/server/services/event-log";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import {
  eventResult,
  ID,
  JSON_OBJECT,
  obj,
  serviceContext,
  str,
} from "@/server/agent/tools/shared";

export const eventEmit: BuiltinTool = {
  ...builtinToolInfo("event.emit"),
  inputSchema: {
    type: "object",
    properties: {
      eventType: {
        type: "string",
        minLength: 1,
        maxLength: 200,
        description: "What happened, e.g. `lesson.scheduled`.",
      },
      entityId: { ...ID, description: "The id of the record the event is about." },
      payload: { ...JSON_OBJECT, description: "The event's details." },
    },
    required: ["eventType"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const event = await emitEvent(serviceContext(ctx), {
      eventType: str(input, "eventType")!,
      entityId: str(input, "entityId"),
      payload: obj(input, "payload") as EmitEventInput["payload"],
    });
    return eventResult(event);
  },
};
