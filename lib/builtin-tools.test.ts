import { describe, expect, it } from "vitest";

import { BUILTIN_TOOLS as REGISTRY } from "@/server/agent/tools/registry";
import { BUILTIN_TOOLS, isBuiltinTool } from "@/lib/builtin-tools";

// The dashboard's list of built-in tools is the registry's: same tools, same order.

describe("the dashboard's list of built-in tools", () => {
  it("names the registry's tools, in its order, with their description and action", () => {
    expect(BUILTIN_TOOLS.map((tool) => tool.name)).toEqual(Object.keys(REGISTRY));
    for (const tool of BUILTIN_TOOLS) {
      const registered = REGISTRY[tool.name];
      expect(tool.description, tool.name).toBe(registered.description);
      expect(tool.action, tool.name).toBe(registered.action);
    }
  });

  it("tells built-in names from custom ones", () => {
    expect(isBuiltinTool("entity.query")).toBe(true);
    expect(isBuiltinTool("weather.lookup")).toBe(false);
  });
});
