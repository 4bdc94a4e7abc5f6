import { removeEntity } from "@/server/services/entities";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import { ID, serviceContext, str } from "@/server/agent/tools/shared";

export const entityDelete: BuiltinTool = {
  ...builtinToolInfo("entity.delete"),
  inputSchema: {
    type: "object",
    properties: { id: { ...ID, description: "The record's id." } },
    required: ["id"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const id = str(input, "id")!;
    await removeEntity(serviceContext(ctx), { id });
    return { success: true, id };
  },
};
