import { getEntityWithType } from "@/server/services/entities";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { entityResult, ID, serviceContext, str } from "@/server/agent/tools/shared";

export const entityGet: BuiltinTool = {
  name: "entity.get",
  description:
    "Read one record by id. Returns {id, type, status, data, createdAt, updatedAt}; fields you " +
    'may not see are left out or redacted. A record you cannot read is "Entity not found".',
  action: "read",
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
