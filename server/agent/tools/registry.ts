import type { ToolConfig } from "@/server/agent/config";
import { modelToolName } from "@/server/agent/tool-names";
import type { BuiltinToolName } from "@/server/agent/tools/names";
import type { BuiltinTool, ToolInputSchema } from "@/server/agent/tools/types";
import { entityCreate } from "@/server/agent/tools/entity-create";
import { entityDelete } from "@/server/agent/tools/entity-delete";
import { entityGet } from "@/server/agent/tools/entity-get";
import { entityLink } from "@/server/agent/tools/entity-link";
import { entityQuery } from "@/server/agent/tools/entity-query";
import { entityUnlink } from "@/server/agent/tools/entity-unlink";
import { entityUpdate } from "@/server/agent/tools/entity-update";
import { eventEmit } from "@/server/agent/tools/event-emit";
import { eventQuery } from "@/server/agent/tools/event-query";
import { jobEnqueue } from "@/server/agent/tools/job-enqueue";
import { jobStatus } from "@/server/agent/tools/job-status";

// The one registry of built-in tools (names.ts lists their names; registry.test.ts checks that
// the two agree), and the tool definitions a config sends to the model.

export const BUILTIN_TOOLS: Record<BuiltinToolName, BuiltinTool> = {
  "entity.create": entityCreate,
  "entity.get": entityGet,
  "entity.query": entityQuery,
  "entity.update": entityUpdate,
  "entity.delete": entityDelete,
  "entity.link": entityLink,
  "entity.unlink": entityUnlink,
  "event.emit": eventEmit,
  "event.query": eventQuery,
  "job.enqueue": jobEnqueue,
  "job.status": jobStatus,
};

/** A tool as the Anthropic Messages API takes it. */
export type ModelToolDefinition = {
  name: string;
  description: string;
  input_schema: ToolInputSchema;
};

/** The config's tools for the model: names mapped (`.` → `_`), built-ins from the registry. */
export function modelToolDefinitions(tools: ToolConfig[]): ModelToolDefinition[] {
  return tools.map((tool) => {
    if (tool.isBuiltin) {
      const builtin = BUILTIN_TOOLS[tool.name];
      return {
        name: modelToolName(tool.name),
        description: builtin.description,
        input_schema: builtin.inputSchema,
      };
    }
    return {
      name: modelToolName(tool.name),
      description: tool.description,
      input_schema: tool.parameters as ToolInputSchema,
    };
  });
}
