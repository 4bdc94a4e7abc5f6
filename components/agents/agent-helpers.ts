import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

// Shapes and small pure helpers shared by the Agents pages (list, editor, versions).

export type Agent = RouterOutputs["agents"]["list"]["items"][number];
export type AgentStatus = Agent["status"];
export type AgentWithConfig = RouterOutputs["agents"]["getWithConfig"];
export type AgentConfig = NonNullable<AgentWithConfig["developmentConfig"]>;
export type ToolConfig = AgentConfig["tools"][number];
export type CustomTool = Extract<ToolConfig, { isBuiltin: false }>;
export type ConfigInput = RouterInputs["agents"]["syncDevelopment"]["config"];
export type AgentsListInput = Omit<RouterInputs["agents"]["list"], "cursor">;

export const AGENT_STATUSES = ["active", "paused", "deleted"] as const satisfies AgentStatus[];
/** The statuses an owner can set; `deleted` is reached through "Delete agent" only. */
export const EDITABLE_STATUSES = ["active", "paused"] as const satisfies AgentStatus[];

export const STATUS_LABELS: Record<AgentStatus, string> = {
  active: "Active",
  paused: "Paused",
  deleted: "Deleted",
};

/** Offered in the model field's datalist; any other id the API accepts can still be typed. */
export const MODEL_IDS = [
  "claude-sonnet-5-5",
  "claude-opus-5-5",
  "claude-haiku-5-5",
  "claude-sonnet-4-6",
  "claude-opus-4-8",
] as const;

/** The server's default when a config names no max tokens (server/agent/config.ts). */
export const DEFAULT_MAX_TOKENS = 4096;

export const PAGE_SIZE = 25;
export const HISTORY_PAGE_SIZE = 25;

/** "" in the status filter means the API's default: every live agent (active and paused). */
export function agentsListInput(status: AgentStatus | ""): AgentsListInput {
  return { limit: PAGE_SIZE, ...(status !== "" && { status }) };
}

export function nextCursor(page: { nextCursor: string | null }): string | undefined {
  return page.nextCursor ?? undefined;
}

export function versionLabel(pointer: { version: number } | null): string {
  return pointer ? `v${pointer.version}` : "not deployed";
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "5 minutes ago", "yesterday", "just now": the largest unit that fits, rounded down. */
export function formatRelative(value: Date, now: Date, locale?: string): string {
  const seconds = Math.round((value.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return Math.abs(seconds) < 45 ? "just now" : format.format(seconds, "second");
}
