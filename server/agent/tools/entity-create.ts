import { createEntity, type CreateEntityInput } from "@/server/services/entities";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import {
  entityResult,
  JSON_OBJECT,
  obj,
  serviceContext,
  STATUS,
  str,
  TYPE_SLUG,
} from "@/server/agent/tools/shared";

export const entityCreate: BuiltinTool = {
  ...builtinToolInfo("entity.create"),
  inputSchema: {
    type: "object",
    properties: {
      type: TYPE_SLUG,
      data: { ...JSON_OBJECT, description: 'The record\'s fields, e.g. {"name": "Ada"}.' },
      status: { ...STATUS, description: "The record's status (default `active`)." },
    },
    required: ["type", "data"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const type = str(input, "type")!;
    const record = await createEntity(serviceContext(ctx), {
      entityTypeSlug: type,
      data: obj(input, "data") as CreateEntityInput["data"],
      status: str(input, "status"),
    });
    return entityResult(record, type);
  },
};
