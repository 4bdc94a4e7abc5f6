import { z } from "zod";

// Input and output schemas of the packs router (docs/packs.md). Every procedure is for owners
// and admins; a pack is named by its id (`tutoring`, `customer-support`).

const packId = z
  .string()
  .trim()
  .min(1, "packId is required")
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");

export const packIdInput = z.object({ packId });
export const installPackInput = z.object({
  packId,
  /** Also create a handful of linked example records (as the organization's system actor). */
  withSampleData: z.boolean().optional(),
});
export const uninstallPackInput = z.object({
  packId,
  /** Also delete the pack's entity types that still hold records, with their records. */
  purgeData: z.boolean().optional(),
});

// ---- Outputs --------------------------------------------------------------------------------

export const PACK_ITEM_KINDS = [
  "entityType",
  "role",
  "policy",
  "scopeRule",
  "fieldMask",
  "agent",
] as const;
export type PackItemKind = (typeof PACK_ITEM_KINDS)[number];

/** One item of a pack, as drift and repair name it: `teacher`, `guardian: read session`... */
export const packItemOutput = z.object({
  kind: z.enum(PACK_ITEM_KINDS),
  name: z.string(),
  detail: z.string().optional(),
});

export const packStatusOutput = z.enum(["installed", "upgrading", "failed"]);

export const upgradeHistoryEntryOutput = z.object({
  from: z.string(),
  to: z.string(),
  at: z.string(),
  byId: z.string().nullable(),
  status: z.enum(["success", "failed"]),
  /** Why a failed upgrade failed (nothing of it was kept). */
  error: z.string().optional(),
});

export const packContentsOutput = z.object({
  entityTypes: z.array(z.object({ slug: z.string(), name: z.string() })),
  roles: z.array(z.object({ name: z.string(), policyCount: z.number().int() })),
  /** Policy rows (one per action), scope rules and masks as installed. */
  policyCount: z.number().int(),
  scopeRuleCount: z.number().int(),
  fieldMaskCount: z.number().int(),
  agents: z.array(z.object({ name: z.string(), slug: z.string() })),
});

export const installedPackOutput = z.object({
  version: z.string(),
  status: packStatusOutput,
  installedAt: z.date(),
  lastUpgradedAt: z.date().nullable(),
  /** The latest version when it is newer than the installed one. */
  upgradeAvailable: z.string().nullable(),
  drift: z.object({ missing: z.array(packItemOutput) }),
  upgradeHistory: z.array(upgradeHistoryEntryOutput),
});

export const packOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** The latest version. */
  version: z.string(),
  author: z.string(),
  license: z.string(),
  /** What the latest version contains. */
  contents: packContentsOutput,
  installed: installedPackOutput.nullable(),
});

/** Counts per kind of item (sampleRecords: the example records and relations created). */
export const packCountsOutput = z.object({
  entityTypes: z.number().int(),
  roles: z.number().int(),
  policies: z.number().int(),
  scopeRules: z.number().int(),
  fieldMasks: z.number().int(),
  agents: z.number().int(),
  sampleRecords: z.number().int(),
});
export type PackCounts = z.output<typeof packCountsOutput>;

export const installPackOutput = z.object({
  installedVersion: z.string(),
  /** Created by this install. */
  created: packCountsOutput,
  /** Already in the organization (same slug, name or content) and taken as the pack's. */
  reused: packCountsOutput,
});

export const uninstallPackOutput = z.object({
  uninstalled: z.literal(true),
  removed: packCountsOutput,
  /** Entity types kept because they still hold records (without purgeData). */
  keptEntityTypes: z.array(z.string()),
});

export const repairPackOutput = z.object({
  /** What was missing and is back. */
  restored: z.array(packItemOutput),
  created: packCountsOutput,
});

export const upgradeStepOutput = z.object({
  type: z.enum(["add_field", "remove_field", "rename_field", "add_entity_type", "modify_schema"]),
  description: z.string(),
  /** Records the step rewrites (in the preview: would rewrite). */
  affectedRecords: z.number().int(),
});

export const upgradePreviewOutput = z
  .object({
    from: z.string(),
    to: z.string(),
    steps: z.array(upgradeStepOutput),
  })
  .nullable();

export const upgradePackOutput = z.object({
  from: z.string(),
  to: z.string(),
  steps: z.array(upgradeStepOutput),
  /** Items of the new version's definition created after the steps (new roles, policies...). */
  created: packCountsOutput,
});
