import { linkEntities, type LinkEntitiesInput } from "@/server/services/entity-relations";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { builtinToolInfo } from "@/lib/builtin-tools";
import {
  ID,
  JSON_OBJECT,
  obj,
  RELATION_TYPE,
  serviceContext,
  str,
} from "@/server/agent/tools/shared";

export const entityLink: BuiltinTool = {
  // The action is update: linking and unlinking change the source record.
  ...builtinToolInfo("entity.link"),
  inputSchema: {
    type: "object",
    properties: {
      fromId: { ...ID, description: "The id of the record the relation starts from." },
      toId: { ...ID, description: "The id of the record it points to." },
      relationType: RELATION_TYPE,
      metadata: { ...JSON_OBJECT, description: "Anything to keep with the relation." },
    },
    required: ["fromId", "toId", "relationType"],
    additionalProperties: false,
  },
  async handler(input, ctx) {
    const relation = await linkEntities(serviceContext(ctx), {
      fromId: str(input, "fromId")!,
      toId: str(input, "toId")!,
      relationType: str(input, "relationType")!,
      metadata: obj(input, "metadata") as LinkEntitiesInput["metadata"],
    });
    return {
      id: relation.id,
      fromId: relation.fromEntityId,
      toId: relation.toEntityId,
      relationType: relation.relationType,
      metadata: relation.metadata,
      createdAt: relation.createdAt.toISOString(),
    };
  },
};
