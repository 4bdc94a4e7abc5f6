import { describe, expect, it } from "vitest";

import type { AgentConfig } from "@/components/agents/agent-helpers";
import {
  changeSummary,
  diffRows,
  hasDifferences,
  type ConfigDiff,
} from "@/components/agents/diff-helpers";

// agents.diff → the Versions page's side-by-side rows and the deploy confirmation's list.

const production: AgentConfig = {
  id: "p",
  agentId: "a",
  version: 1,
  environment: "production",
  name: "Support",
  systemPrompt: "Old prompt",
  model: { provider: "anthropic", name: "claude-sonnet-5-5" },
  tools: [{ isBuiltin: true, name: "entity.get" }],
  sourceConfigId: "d1",
  deployedBy: null,
  createdAt: new Date(0),
};
const development: AgentConfig = {
  ...production,
  id: "d",
  version: 2,
  environment: "development",
  systemPrompt: "New prompt",
  model: { provider: "anthropic", name: "claude-opus-5-5", maxTokens: 2048 },
  tools: [{ isBuiltin: true, name: "entity.query" }],
};
const diff: ConfigDiff = {
  from: production,
  to: development,
  changes: [
    { field: "systemPrompt", from: "Old prompt", to: "New prompt" },
    { field: "model.name", from: "claude-sonnet-5-5", to: "claude-opus-5-5" },
    { field: "model.maxTokens", from: null, to: 2048 },
    { field: "tools", from: production.tools, to: development.tools },
  ],
  toolsAdded: ["entity.query"],
  toolsRemoved: ["entity.get"],
  toolsChanged: [],
};

describe("diff rows", () => {
  it("show every field side by side, changed ones flagged, temperature only when set", () => {
    expect(diffRows(diff)).toEqual([
      { field: "name", label: "Config name", from: "Support", to: "Support", changed: false },
      {
        field: "systemPrompt",
        label: "System prompt",
        from: "Old prompt",
        to: "New prompt",
        changed: true,
      },
      {
        field: "model.name",
        label: "Model",
        from: "claude-sonnet-5-5",
        to: "claude-opus-5-5",
        changed: true,
      },
      {
        field: "model.maxTokens",
        label: "Max tokens",
        from: "default (4096)",
        to: "2048",
        changed: true,
      },
      { field: "tools", label: "Tools", from: "entity.get", to: "entity.query", changed: true },
    ]);
    const withTemperature = {
      ...diff,
      from: { ...production, model: { ...production.model, temperature: 0.5 } },
    };
    expect(diffRows(withTemperature).map((row) => row.field)).toContain("model.temperature");
  });

  it("shows a missing production config as a dash", () => {
    const first = { ...diff, from: null };
    expect(diffRows(first)[0]).toMatchObject({ from: "—", to: "Support" });
  });
});

describe("change summary", () => {
  it("says what a deploy changes, one line each", () => {
    expect(changeSummary(diff)).toEqual([
      "System prompt changed",
      "Model: claude-sonnet-5-5 → claude-opus-5-5",
      "Max tokens: default (4096) → 2048",
      "Tool added: entity.query",
      "Tool removed: entity.get",
    ]);
    expect(changeSummary({ ...diff, from: null })).toEqual([
      "First deploy: production gets the development config as it is.",
    ]);
  });

  it("notices a reorder of the same tools", () => {
    const reordered = {
      ...diff,
      changes: [{ field: "tools" as const, from: [], to: [] }],
      toolsAdded: [],
      toolsRemoved: [],
    };
    expect(changeSummary(reordered)).toEqual(["Tools reordered"]);
  });

  it("knows when there is nothing to deploy", () => {
    expect(hasDifferences(diff)).toBe(true);
    expect(hasDifferences({ ...diff, changes: [], toolsAdded: [], toolsRemoved: [] })).toBe(false);
    expect(hasDifferences({ ...diff, from: null })).toBe(true);
    expect(hasDifferences({ ...diff, from: null, to: null })).toBe(false);
  });
});
