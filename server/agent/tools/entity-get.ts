import { getEntityWithType } from "@/server/services/entities";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import { entityResult, ID, serviceContext, str } from "@/server/agent/tools/shared";

export const entityGet: BuiltinTool = {
  ...builtinToolInfo("entity.get"),
  inputSchema: {
    type: "object",
    properties: { id: { ...ID, description: "The record's id." } },
    required: ["id"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const { entityType, ...record } = await getEntityWithType(serviceContext(ctx), {
      id: str(input, "id")!,
    });
    return entityResult(record, entityType.slug);
  },
};
