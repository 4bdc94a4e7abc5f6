import { removeEntity } from "@/server/services/entities";
import type { BuiltinTool } from "@/server/agent/tools/types";
import { ID, serviceContext, str } from "@/server/agent/tools/shared";

export const entityDelete: BuiltinTool = {
  name: "entity.delete",
  description:
    "Delete a record by id (it stays in the audit log). Returns {success: true, id}. A record " +
    'you cannot read, or one already deleted, is "Entity not found".',
  action: "delete",
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
