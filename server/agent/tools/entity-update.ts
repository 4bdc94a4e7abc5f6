import {
  getEntityWithType,
  updateEntity,
  type UpdateEntityInput,
} from "@/server/services/entities";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import {
  entityResult,
  ID,
  JSON_OBJECT,
  obj,
  serviceContext,
  STATUS,
  str,
} from "@/server/agent/tools/shared";

export const entityUpdate: BuiltinTool = {
  ...builtinToolInfo("entity.update"),
  inputSchema: {
    type: "object",
    properties: {
      id: { ...ID, description: "The record's id." },
      data: { ...JSON_OBJECT, description: 'The fields to set, e.g. {"grade": 10}.' },
      status: { ...STATUS, description: "The new status, when it changes." },
    },
    required: ["id", "data"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const service = serviceContext(ctx);
    const id = str(input, "id")!;
    // Read first (as the update itself does) for the type's slug: the updated record comes back
    // masked, and its entityTypeId may be one of the masked fields.
    const { entityType } = await getEntityWithType(service, { id });
    const record = await updateEntity(service, {
      id,
      data: obj(input, "data") as UpdateEntityInput["data"],
      status: str(input, "status"),
    });
    return entityResult(record, entityType.slug);
  },
};
