import { describe, expect, it } from "vitest";

import type { AgentConfig, CustomTool, ToolConfig } from "@/components/agents/agent-helpers";
import {
  configFormValues,
  issueFromField,
  parseConfigForm,
  placeConfigIssues,
  removeTool,
  toggleBuiltinTool,
  toolNameTaken,
  upsertCustomTool,
} from "@/components/agents/config-form-helpers";

// The development config form → agents.syncDevelopment, and the server's refusals → its fields.

const weather: CustomTool = {
  isBuiltin: false,
  name: "weather.lookup",
  description: "The weather in a city.",
  parameters: { type: "object", properties: { city: { type: "string" } } },
  handlerCode: "return 1",
};
const tools: ToolConfig[] = [{ isBuiltin: true, name: "entity.get" }, weather];

const stored = {
  id: "c1",
  agentId: "a1",
  version: 3,
  environment: "development",
  name: "Support",
  systemPrompt: "Be brief.",
  model: { provider: "anthropic", name: "claude-opus-5-5", temperature: 0.2 },
  tools,
  sourceConfigId: null,
  deployedBy: null,
  createdAt: new Date(0),
} satisfies AgentConfig;

describe("config form values", () => {
  it("start from the stored config, max tokens blank when it uses the default", () => {
    expect(configFormValues(stored, "Agent")).toEqual({
      name: "Support",
      systemPrompt: "Be brief.",
      modelName: "claude-opus-5-5",
      maxTokens: "",
      tools,
    });
    expect(configFormValues(null, "Agent").name).toBe("Agent");
  });

  it("become a config, keeping a stored temperature the editor does not show", () => {
    const values = { ...configFormValues(stored, "Agent"), maxTokens: " 2048 ", name: " New " };
    expect(parseConfigForm(values, stored.model)).toEqual({
      ok: true,
      config: {
        name: "New",
        systemPrompt: "Be brief.",
        model: {
          provider: "anthropic",
          name: "claude-opus-5-5",
          temperature: 0.2,
          maxTokens: 2048,
        },
        tools,
      },
    });
    const parsed = parseConfigForm({ ...values, maxTokens: "" }, null);
    expect(parsed.ok && parsed.config.model).toEqual({
      provider: "anthropic",
      name: "claude-opus-5-5",
    });
  });

  it("refuse what the server would, at the field", () => {
    const values = configFormValues(stored, "Agent");
    for (const maxTokens of ["0", "1.5", "64001", "many"]) {
      const parsed = parseConfigForm({ ...values, maxTokens }, null);
      expect(parsed.ok ? null : parsed.errors.fields["model.maxTokens"]).toMatch(/whole number/);
    }
    const parsed = parseConfigForm({ ...values, name: " ", modelName: "" }, null);
    expect(parsed.ok ? null : Object.keys(parsed.errors.fields)).toEqual(["name", "model.name"]);
  });
});

describe("server issues at their fields", () => {
  it("places config paths at fields and tools.N paths at the tool that was sent", () => {
    const errors = placeConfigIssues(
      [
        { path: ["config", "model", "name"], message: "Too small" },
        { path: ["config", "tools", 1, "parameters"], message: 'must have "type": "object"' },
        { path: ["config", "tools", 0], message: "Invalid input" },
        { path: ["agentId"], message: "Required" },
      ],
      tools,
    );
    expect(errors).toEqual({
      fields: { "model.name": "Too small" },
      tools: {
        "weather.lookup": 'parameters: must have "type": "object"',
        "entity.get": "Invalid input",
      },
      form: "Required",
    });
  });

  it("reads the service's own refusal, which names its field", () => {
    const issue = issueFromField("config.tools.1.name", "config.tools.1.name: listed twice");
    expect(issue).toEqual({ path: ["config", "tools", "1", "name"], message: "listed twice" });
    expect(placeConfigIssues([issue], tools).tools).toEqual({
      "weather.lookup": "name: listed twice",
    });
  });

  it("a tool index the form no longer has goes to the tools as a whole", () => {
    const errors = placeConfigIssues(
      [{ path: ["config", "tools", 7, "name"], message: "bad" }],
      tools,
    );
    expect(errors.fields.tools).toBe("bad");
  });
});

describe("tool list edits", () => {
  it("ticks built-ins on at the end and off in place", () => {
    const on = toggleBuiltinTool(tools, "entity.query", true);
    expect(on.map((tool) => tool.name)).toEqual(["entity.get", "weather.lookup", "entity.query"]);
    expect(toggleBuiltinTool(on, "entity.get", false).map((tool) => tool.name)).toEqual([
      "weather.lookup",
      "entity.query",
    ]);
    // Ticking twice does not list a tool twice.
    expect(toggleBuiltinTool(on, "entity.query", true)).toHaveLength(3);
  });

  it("edits a custom tool in place, renamed or not, and appends new ones", () => {
    const renamed = { ...weather, name: "weather.now" };
    expect(upsertCustomTool(tools, "weather.lookup", renamed)).toEqual([tools[0], renamed]);
    expect(upsertCustomTool(tools, null, { ...weather, name: "x" })).toHaveLength(3);
    expect(removeTool(tools, "weather.lookup")).toEqual([tools[0]]);
  });

  it("a name is taken by another tool, not by the one being edited", () => {
    expect(toolNameTaken(tools, "entity.get", null)).toBe(true);
    expect(toolNameTaken(tools, "weather.lookup", "weather.lookup")).toBe(false);
    expect(toolNameTaken(tools, "other", null)).toBe(false);
  });
});
