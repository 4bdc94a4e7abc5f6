import { unlinkEntities } from "@/server/services/entity-relations";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import { ID, RELATION_TYPE, serviceContext, str } from "@/server/agent/tools/shared";

export const entityUnlink: BuiltinTool = {
  // The action is update: linking and unlinking change the source record.
  ...builtinToolInfo("entity.unlink"),
  inputSchema: {
    type: "object",
    properties: {
      fromId: { ...ID, description: "The id of the record the relation starts from." },
      toId: { ...ID, description: "The id of the record it points to." },
      relationType: RELATION_TYPE,
    },
    required: ["fromId", "toId", "relationType"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    return unlinkEntities(serviceContext(ctx), {
      fromId: str(input, "fromId")!,
      toId: str(input, "toId")!,
      relationType: str(input, "relationType")!,
    });
  },
};
