import type { z } from "zod";

import type {
  PackCounts,
  PackItemKind,
  packContentsOutput,
  packItemOutput,
  packOutput,
  upgradeStepOutput,
} from "@/server/routers/packs.schemas";

// Types only from the router's schemas (the client never imports server code), and the words
// the Packs page uses for a pack's contents, its missing items and what an action changed.

export type Pack = z.output<typeof packOutput>;
export type PackContents = z.output<typeof packContentsOutput>;
export type PackItem = z.output<typeof packItemOutput>;
export type UpgradeStep = z.output<typeof upgradeStepOutput>;

export const MEMBERS_CANNOT_MANAGE_PACKS =
  "Only owners and admins can browse, install, repair, upgrade or uninstall packs.";

/** "1 role", "3 roles"; irregular plurals passed explicitly. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** One line per kind of item a pack holds, as a catalog card and the install dialog list them. */
export function contentLines(contents: PackContents): string[] {
  const lines: string[] = [];
  if (contents.entityTypes.length > 0)
    lines.push(
      `${countOf(contents.entityTypes.length, "entity type")}: ${contents.entityTypes
        .map((type) => type.name)
        .join(", ")}`,
    );
  if (contents.roles.length > 0)
    lines.push(
      `${countOf(contents.roles.length, "role")}: ${contents.roles
        .map((role) => `${role.name} (${countOf(role.policyCount, "policy", "policies")})`)
        .join(", ")}`,
    );
  const rules = [
    countOf(contents.scopeRuleCount, "scope rule"),
    countOf(contents.fieldMaskCount, "field mask"),
  ];
  if (contents.scopeRuleCount + contents.fieldMaskCount > 0) lines.push(rules.join(", "));
  if (contents.agents.length > 0)
    lines.push(
      `${countOf(contents.agents.length, "agent")}: ${contents.agents
        .map((agent) => agent.name)
        .join(", ")}`,
    );
  return lines;
}

const KIND_LABELS: Record<PackItemKind, string> = {
  entityType: "Entity type",
  role: "Role",
  policy: "Policy",
  scopeRule: "Scope rule",
  fieldMask: "Field mask",
  agent: "Agent",
};

/** "Entity type teacher", "Policy guardian: read session (allow)". */
export function itemLabel(item: PackItem): string {
  const label = `${KIND_LABELS[item.kind]} ${item.name}`;
  return item.detail ? `${label} (${item.detail})` : label;
}

const COUNT_WORDS: [keyof PackCounts, string, string][] = [
  ["entityTypes", "entity type", "entity types"],
  ["roles", "role", "roles"],
  ["policies", "policy", "policies"],
  ["scopeRules", "scope rule", "scope rules"],
  ["fieldMasks", "field mask", "field masks"],
  ["agents", "agent", "agents"],
  ["sampleRecords", "sample record", "sample records"],
];

/** "6 entity types, 3 roles and 39 policies"; the kinds with none are left out. */
export function countsSentence(counts: PackCounts): string {
  const parts = COUNT_WORDS.filter(([key]) => counts[key] > 0).map(([key, one, many]) =>
    countOf(counts[key], one, many),
  );
  if (parts.length === 0) return "nothing";
  if (parts.length === 1) return parts[0]!;
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
