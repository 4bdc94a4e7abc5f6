import { z } from "zod";
import { compileSchema, SchemaError } from "@/server/services/json-schema";
import { LIMITS, serializedSize, tooLarge } from "@/lib/input-limits";
import { BUILTIN_TOOL_NAMES } from "@/server/agent/tools/names";
import { modelToolName } from "@/server/agent/tool-names";

// An agent config as it is stored in `agentConfigs` and validated on every sync: the system
// prompt, the model and its parameters, and the tools. Built-in tools are listed by name (their
// schemas live in the code); custom tools carry a JSON Schema for their input and the code the
// tool executor runs. Tool names must stay distinct once mapped to the model's alphabet.

export const DEFAULT_MODEL = "claude-sonnet-5-5";
export const DEFAULT_MAX_TOKENS = 4096;

export const modelSettingsSchema = z.object({
  provider: z.literal("anthropic"),
  name: z.string().trim().min(1).max(100),
  /** Kept for configs written for older models; never sent (docs/agents.md). */
  temperature: z.number().min(0).max(1).optional(),
  maxTokens: z.number().int().min(1).max(64_000).optional(),
});

const TOOL_NAME = /^[A-Za-z0-9_.-]+$/;

export const builtinToolConfigSchema = z.object({
  isBuiltin: z.literal(true),
  name: z.enum(BUILTIN_TOOL_NAMES),
});

export const customToolConfigSchema = z.object({
  isBuiltin: z.literal(false),
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(TOOL_NAME, "letters, digits, dots, dashes and underscores"),
  description: z.string().trim().min(1).max(2_000),
  parameters: z
    .record(z.string().max(1_000), z.unknown())
    .superRefine((schema, ctx) => {
      if (serializedSize(schema) > LIMITS.jsonBytes) {
        ctx.addIssue({ code: "custom", message: tooLarge(LIMITS.jsonBytes) });
        return;
      }
      if (schema.type !== "object") {
        ctx.addIssue({
          code: "custom",
          message: 'a tool\'s parameters must have "type": "object"',
        });
        return;
      }
      try {
        compileSchema(schema);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: (error as Error).message.replace(/^schema[ .]/, ""),
          // Where in the schema (a refused pattern, `$ref` or `$id`), below `parameters`.
          path: error instanceof SchemaError ? [...error.path] : [],
        });
      }
    })
    .meta({ maxBytes: LIMITS.jsonBytes }),
  handlerCode: z.string().min(1).max(100_000),
});

export const toolConfigSchema = z.discriminatedUnion("isBuiltin", [
  builtinToolConfigSchema,
  customToolConfigSchema,
]);

export const agentConfigSchema = z.object({
  name: z.string().trim().min(1).max(200),
  systemPrompt: z.string().max(100_000),
  model: modelSettingsSchema,
  tools: z
    .array(toolConfigSchema)
    .max(64)
    .superRefine((tools, ctx) => {
      const seen = new Map<string, string>();
      tools.forEach((tool, index) => {
        const mapped = modelToolName(tool.name);
        const earlier = seen.get(mapped);
        if (earlier !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [index, "name"],
            message:
              earlier === tool.name
                ? `tool ${tool.name} is listed twice`
                : `tools ${earlier} and ${tool.name} have the same name for the model (${mapped})`,
          });
        }
        seen.set(mapped, tool.name);
      });
    }),
});

export type ModelSettings = z.infer<typeof modelSettingsSchema>;
export type ToolConfig = z.infer<typeof toolConfigSchema>;
export type CustomToolConfig = z.infer<typeof customToolConfigSchema>;
export type AgentConfigInput = z.infer<typeof agentConfigSchema>;

/** The config a new agent starts with, so it can chat in development at once. */
export function defaultAgentConfig(name: string): AgentConfigInput {
  return {
    name,
    systemPrompt: "You are a helpful assistant.",
    model: { provider: "anthropic", name: DEFAULT_MODEL },
    tools: [],
  };
}
