import { unlinkEntities } from "@/server/services/entity-relations";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { ID, RELATION_TYPE, serviceContext, str } from "@/server/agent/tools/shared";

export const entityUnlink: BuiltinTool = {
  name: "entity.unlink",
  description:
    "Remove the relation `fromId` -relationType-> `toId`. Returns {success: true}; a relation " +
    'that does not exist is "Relation not found".',
  // Unlinking changes the source record.
  action: "update",
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
