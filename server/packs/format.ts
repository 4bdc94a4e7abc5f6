import { z } from "zod";
import {
  MASK_TYPES,
  POLICY_ACTIONS,
  POLICY_EFFECTS,
  RECORD_ACTIONS,
  RELATION_DIRECTIONS,
  SCOPE_OPERATORS,
} from "@/lib/domain-values";
import { modelSettingsSchema } from "@/server/agent/config";
import { BUILTIN_TOOL_NAMES } from "@/server/agent/tools/names";

// The pack format (docs/packs.md): a pack is code, one file per version under definitions/,
// parsed with these schemas and then checked as a whole by validate.ts (every name a rule, mask,
// agent or migration uses must exist in the pack). Scope rules and masks sit on the policy they
// restrict, so there is nothing to match up by name.

const slug = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");
const name = z.string().trim().min(1).max(100);
const text = z.string().trim().min(1).max(2000);
const fieldName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a top-level data key");
const jsonObject = z.record(z.string(), z.json());

export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
export const semver = z.string().regex(SEMVER, "a version as major.minor.patch");

export const packEntityTypeSchema = z.object({
  slug,
  name,
  description: text,
  /** JSON Schema (draft 2020-12) of the records' data: an object with `properties`. */
  schema: jsonObject,
  searchFields: z.array(fieldName).default([]),
  displayConfig: z
    .object({
      listFields: z.array(fieldName).optional(),
      detailFields: z.array(fieldName).optional(),
    })
    .optional(),
});

const fieldRuleSchema = z.object({
  type: z.literal("field"),
  /** `data.<key>` or a column (`status`, `createdAt`...). */
  field: z.string().min(1).max(200),
  operator: z.enum(SCOPE_OPERATORS),
  /** A JSON value or a template (`actor.userId`, `actor.entityIds`). */
  value: z.json().optional(),
});
const relationRuleSchema = z.object({
  type: z.literal("relation"),
  relationPath: z.string().min(1).max(100),
  relationDirection: z.enum(RELATION_DIRECTIONS).default("any"),
  /** A pack cannot know record ids: its relation rules name the actor's linked records. */
  value: z.literal("actor.entityIds"),
});
export const packScopeRuleSchema = z.discriminatedUnion("type", [
  fieldRuleSchema,
  relationRuleSchema,
]);

export const packFieldMaskSchema = z.object({
  fieldPath: z.string().min(1).max(200),
  maskType: z.enum(MASK_TYPES),
  maskConfig: z.object({ pattern: z.string().min(1), replacement: z.string() }).optional(),
});

export const packPolicySchema = z.object({
  /** An entity-type slug of the pack, `*` or `entityType`. */
  resource: z.string().min(1).max(50),
  /** One policy row per action is installed, each with the rules and masks below. */
  actions: z.array(z.enum(POLICY_ACTIONS)).min(1),
  effect: z.enum(POLICY_EFFECTS).default("allow"),
  priority: z.number().int().min(-1000).max(1000).default(0),
  scopeRules: z.array(packScopeRuleSchema).default([]),
  fieldMasks: z.array(packFieldMaskSchema).default([]),
});

export const packRoleSchema = z.object({
  name,
  description: text,
  policies: z.array(packPolicySchema).min(1),
});

export const packAgentToolSchema = z.object({
  name: z.enum(BUILTIN_TOOL_NAMES),
  /** The record actions the tool may take; empty: the tool's own action (tools/registry.ts). */
  allowedActions: z.array(z.enum(RECORD_ACTIONS)).default([]),
  deniedFields: z.array(z.string().min(1).max(200)).default([]),
});

export const packAgentSchema = z.object({
  slug,
  name,
  description: text,
  systemPrompt: z.string().min(1).max(100_000),
  model: modelSettingsSchema.optional(),
  /** The pack role every tool of the agent runs as (a `configured` tool identity). */
  role: name,
  tools: z.array(packAgentToolSchema).min(1),
});

const stepBase = { entityType: slug };
export const migrationStepSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("add_field"),
    ...stepBase,
    field: fieldName,
    /** The property's JSON Schema, added to the type's `properties`. */
    schema: jsonObject,
    /** Written into every record that lacks the field. */
    default: z.json().optional(),
    required: z.boolean().default(false),
    searchable: z.boolean().default(false),
  }),
  z.object({ type: z.literal("remove_field"), ...stepBase, field: fieldName }),
  z.object({ type: z.literal("rename_field"), ...stepBase, from: fieldName, to: fieldName }),
  /** Creates the type as the target version defines it. */
  z.object({ type: z.literal("add_entity_type"), ...stepBase }),
  /** Shallow-merged into the type's JSON Schema (`required`, `properties`...). */
  z.object({ type: z.literal("modify_schema"), ...stepBase, changes: jsonObject }),
]);

export const packMigrationSchema = z.object({
  from: semver,
  to: semver,
  steps: z.array(migrationStepSchema).min(1),
});

/** `{"$sample": "key"}` in sample data stands for the id of the sample record of that key. */
export const SAMPLE_REF = "$sample";

export const packSampleDataSchema = z.object({
  records: z.array(z.object({ key: z.string().min(1).max(50), type: slug, data: jsonObject })),
  relations: z
    .array(
      z.object({
        from: z.string().min(1),
        relationType: z.string().min(1).max(100),
        to: z.string().min(1),
      }),
    )
    .default([]),
});

export const packDefinitionSchema = z.object({
  id: slug,
  name,
  version: semver,
  description: text,
  author: name,
  license: name,
  entityTypes: z.array(packEntityTypeSchema).min(1),
  roles: z.array(packRoleSchema).default([]),
  agents: z.array(packAgentSchema).default([]),
  /** Every migration from an earlier version towards this one. */
  migrations: z.array(packMigrationSchema).default([]),
  sampleData: packSampleDataSchema.optional(),
});

/** A pack file as written (defaults may be left out). */
export type PackSource = z.input<typeof packDefinitionSchema>;
/** A pack as the installer reads it (parsed and validated). */
export type PackDefinition = z.output<typeof packDefinitionSchema>;
export type PackEntityType = PackDefinition["entityTypes"][number];
export type PackRole = PackDefinition["roles"][number];
export type PackPolicy = PackRole["policies"][number];
export type PackScopeRule = PackPolicy["scopeRules"][number];
export type PackFieldMask = PackPolicy["fieldMasks"][number];
export type PackAgent = PackDefinition["agents"][number];
export type PackMigration = PackDefinition["migrations"][number];
export type MigrationStep = PackMigration["steps"][number];

/** Compares versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i += 1) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** A policy's rows as installed: one per action. */
export function policyRows(role: PackRole) {
  return role.policies.flatMap((policy) => policy.actions.map((action) => ({ ...policy, action })));
}
export type PackPolicyRow = ReturnType<typeof policyRows>[number];
