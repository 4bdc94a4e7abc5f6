import { describe, expect, it } from "vitest";
import type { ToolConfig } from "@/server/agent/config";
import { BUILTIN_TOOL_NAMES } from "@/server/agent/tools/names";
import { BUILTIN_TOOLS, modelToolDefinitions } from "@/server/agent/tools/registry";
import { compileSchema } from "@/server/services/json-schema";

const ACTIONS = ["create", "read", "update", "delete", "list"];

describe("the built-in tool registry", () => {
  it("holds exactly the built-in tool names, each under its own name", () => {
    expect(Object.keys(BUILTIN_TOOLS).sort()).toEqual([...BUILTIN_TOOL_NAMES].sort());
    for (const [name, tool] of Object.entries(BUILTIN_TOOLS)) expect(tool.name).toBe(name);
  });

  it.each(BUILTIN_TOOL_NAMES)(
    "%s: a closed object schema that compiles, a record action",
    (name) => {
      const tool = BUILTIN_TOOLS[name];
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.inputSchema.additionalProperties).toBe(false);
      expect(() => compileSchema(tool.inputSchema)).not.toThrow();
      const properties = Object.keys(tool.inputSchema.properties as object);
      for (const required of (tool.inputSchema.required as string[] | undefined) ?? [])
        expect(properties).toContain(required);
      expect(ACTIONS).toContain(tool.action);
      expect(tool.description.length).toBeGreaterThan(40);
    },
  );

  it("maps actions as the product does", () => {
    const actions = Object.fromEntries(
      Object.values(BUILTIN_TOOLS).map((tool) => [tool.name, tool.action]),
    );
    expect(actions).toEqual({
      "entity.create": "create",
      "entity.get": "read",
      "entity.query": "list",
      "entity.update": "update",
      "entity.delete": "delete",
      "entity.link": "update",
      "entity.unlink": "update",
      "event.emit": "create",
      "event.query": "read",
      "job.enqueue": "create",
      "job.status": "read",
    });
  });

  it("bounds every string and limit it takes", () => {
    for (const tool of Object.values(BUILTIN_TOOLS)) {
      const properties = tool.inputSchema.properties as Record<string, Record<string, unknown>>;
      for (const [key, property] of Object.entries(properties)) {
        if (property.type === "string")
          expect(property.maxLength, `${tool.name}.${key}`).toBeTypeOf("number");
        if (property.type === "integer") expect(property.maximum, `${tool.name}.${key}`).toBe(100);
        if (property.type === "object")
          expect(property.maxProperties, `${tool.name}.${key}`).toBeTypeOf("number");
      }
    }
  });
});

describe("modelToolDefinitions", () => {
  const custom: ToolConfig = {
    isBuiltin: false,
    name: "weather.lookup",
    description: "The weather in a city.",
    parameters: { type: "object", properties: { city: { type: "string" } } },
    handlerCode: "return 1",
  };

  it("gives every tool a unique model name, built-ins from the registry, custom from config", () => {
    const tools: ToolConfig[] = [
      ...BUILTIN_TOOL_NAMES.map((name) => ({ isBuiltin: true as const, name })),
      custom,
    ];
    const definitions = modelToolDefinitions(tools);
    const names = definitions.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(definitions[2]).toEqual({
      name: "entity_query",
      description: BUILTIN_TOOLS["entity.query"].description,
      input_schema: BUILTIN_TOOLS["entity.query"].inputSchema,
    });
    expect(definitions.at(-1)).toEqual({
      name: "weather_lookup",
      description: "The weather in a city.",
      input_schema: custom.parameters,
    });
  });

  it("lists only the config's tools, in its order", () => {
    const definitions = modelToolDefinitions([custom, { isBuiltin: true, name: "event.emit" }]);
    expect(definitions.map((definition) => definition.name)).toEqual([
      "weather_lookup",
      "event_emit",
    ]);
  });
});
