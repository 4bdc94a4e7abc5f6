import {
  DEFAULT_MAX_TOKENS,
  type AgentConfig,
  type ToolConfig,
} from "@/components/agents/agent-helpers";
import type { RouterOutputs } from "@/lib/trpc/types";

// Turning agents.diff into what the Versions page shows: one row per config field, production
// beside development, the changed ones flagged, and a sentence per change for the deploy dialog.

export type ConfigDiff = RouterOutputs["agents"]["diff"];
export type DiffField = ConfigDiff["changes"][number]["field"];

export const FIELD_LABELS: Record<DiffField, string> = {
  name: "Config name",
  systemPrompt: "System prompt",
  "model.name": "Model",
  "model.temperature": "Temperature (not sent to the model)",
  "model.maxTokens": "Max tokens",
  tools: "Tools",
};

const FIELDS = Object.keys(FIELD_LABELS) as DiffField[];

export type DiffRow = {
  field: DiffField;
  label: string;
  from: string;
  to: string;
  changed: boolean;
};

export function toolLabel(tool: ToolConfig): string {
  return tool.isBuiltin ? tool.name : `${tool.name} (custom)`;
}

/** A field of a config as text; `null` is a config that does not exist (never deployed). */
export function fieldText(config: AgentConfig | null, field: DiffField): string {
  if (!config) return "—";
  switch (field) {
    case "name":
      return config.name;
    case "systemPrompt":
      return config.systemPrompt === "" ? "(empty)" : config.systemPrompt;
    case "model.name":
      return config.model.name;
    case "model.temperature":
      return config.model.temperature === undefined ? "not set" : String(config.model.temperature);
    case "model.maxTokens":
      return config.model.maxTokens === undefined
        ? `default (${DEFAULT_MAX_TOKENS})`
        : String(config.model.maxTokens);
    case "tools":
      return config.tools.length === 0 ? "none" : config.tools.map(toolLabel).join(", ");
  }
}

/**
 * Every field, production (`from`) beside development (`to`). Temperature is left out unless a
 * config still sets it: the editor does not offer it and the model never receives it.
 */
export function diffRows(diff: ConfigDiff): DiffRow[] {
  const changed = new Set(diff.changes.map((change) => change.field));
  return FIELDS.filter(
    (field) =>
      field !== "model.temperature" ||
      diff.from?.model.temperature !== undefined ||
      diff.to?.model.temperature !== undefined,
  ).map((field) => ({
    field,
    label: FIELD_LABELS[field],
    from: fieldText(diff.from, field),
    to: fieldText(diff.to, field),
    changed: changed.has(field),
  }));
}

const shorten = (text: string, max = 60) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** What a deploy would change, one sentence each (the confirmation lists them). */
export function changeSummary(diff: ConfigDiff): string[] {
  if (!diff.from) return ["First deploy: production gets the development config as it is."];
  const lines: string[] = [];
  for (const change of diff.changes) {
    if (change.field === "tools") continue;
    if (change.field === "systemPrompt") {
      lines.push("System prompt changed");
      continue;
    }
    const from = shorten(fieldText(diff.from, change.field));
    const to = shorten(fieldText(diff.to, change.field));
    lines.push(`${FIELD_LABELS[change.field]}: ${from} → ${to}`);
  }
  for (const name of diff.toolsAdded) lines.push(`Tool added: ${name}`);
  for (const name of diff.toolsRemoved) lines.push(`Tool removed: ${name}`);
  for (const name of diff.toolsChanged) lines.push(`Tool changed: ${name}`);
  // Only the tools' order differs: the tools field changed, but no tool did.
  if (
    diff.changes.some((change) => change.field === "tools") &&
    diff.toolsAdded.length + diff.toolsRemoved.length + diff.toolsChanged.length === 0
  ) {
    lines.push("Tools reordered");
  }
  return lines;
}

export function hasDifferences(diff: ConfigDiff): boolean {
  return diff.from === null ? diff.to !== null : diff.changes.length > 0;
}
