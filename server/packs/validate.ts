import { AppError } from "@/server/errors";
import { ENTITY_COLUMNS } from "@/server/policy/rules";
import { compileSchema, validateData } from "@/server/services/json-schema";
import { assertFieldMask, TEMPLATES } from "@/server/services/policy-validation";
import {
  packDefinitionSchema,
  policyRows,
  SAMPLE_REF,
  type PackDefinition,
  type PackEntityType,
  type PackScopeRule,
  type PackSource,
} from "@/server/packs/format";

// A pack is checked as a whole when it is loaded: its schemas compile, and every type, field and
// role a policy, rule, mask, agent or sample record names exists in the pack. A pack that fails
// is never installable: the problems are listed together, each with its place.

export class PackFormatError extends Error {
  constructor(
    readonly packId: string,
    readonly problems: string[],
  ) {
    super(`Pack ${packId} is invalid:\n- ${problems.join("\n- ")}`);
    this.name = "PackFormatError";
  }
}

type Props = Record<string, unknown>;

export function propertiesOf(schema: Record<string, unknown>): Props {
  const properties = schema.properties;
  return typeof properties === "object" && properties !== null && !Array.isArray(properties)
    ? (properties as Props)
    : {};
}

function problemOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  throw error;
}

function checkType(type: PackEntityType, at: string, problems: string[]) {
  try {
    compileSchema(type.schema);
  } catch (error) {
    problems.push(`${at}.schema: ${problemOf(error)}`);
  }
  if (type.schema.type !== "object") problems.push(`${at}.schema: must have "type": "object"`);
  const props = propertiesOf(type.schema);
  const fields = [
    ...type.searchFields.map((field) => ["searchFields", field] as const),
    ...(type.displayConfig?.listFields ?? []).map((field) => ["listFields", field] as const),
    ...(type.displayConfig?.detailFields ?? []).map((field) => ["detailFields", field] as const),
  ];
  for (const [list, field] of fields)
    if (!(field in props)) problems.push(`${at}.${list}: ${field} is not a property of the type`);
}

/** `data.<key>...` names a property of the resource's type; columns are always there. */
function checkDataPath(path: string, type: PackEntityType | undefined): string | null {
  if ((ENTITY_COLUMNS as readonly string[]).includes(path)) return null;
  const match = /^data\.([^.]+)/.exec(path);
  if (!match) return `${path} is neither a column nor data.<field>`;
  if (type && !(match[1]! in propertiesOf(type.schema)))
    return `${path}: ${match[1]} is not a property of ${type.slug}`;
  return null;
}

function checkRule(rule: PackScopeRule, type: PackEntityType | undefined): string | null {
  if (rule.type === "relation") return null;
  const pathProblem = checkDataPath(rule.field, type);
  if (pathProblem) return pathProblem;
  const value = rule.value;
  if (typeof value === "string" && value.startsWith("actor.")) {
    if (!(TEMPLATES as readonly string[]).includes(value)) return `unknown template ${value}`;
    if (value === "actor.entityIds" && !["eq", "neq", "in", "nin"].includes(rule.operator))
      return "actor.entityIds is a list: use it with in, nin, eq or neq";
  }
  if (value === undefined && rule.operator !== "exists") return `${rule.operator} needs a value`;
  return null;
}

function checkRoles(pack: PackDefinition, types: Map<string, PackEntityType>, problems: string[]) {
  const names = new Set<string>();
  pack.roles.forEach((role, r) => {
    const at = `roles[${r}] (${role.name})`;
    if (names.has(role.name)) problems.push(`${at}: the role name is used twice`);
    names.add(role.name);
    const keys = new Set<string>();
    for (const row of policyRows(role)) {
      const where = `${at}: ${row.effect} ${row.action} ${row.resource}`;
      const type = types.get(row.resource);
      if (!type && row.resource !== "*" && row.resource !== "entityType")
        problems.push(`${where}: ${row.resource} is not an entity type of the pack`);
      // Drift and repair find a policy by these four: two alike could not be told apart.
      const key = `${row.resource} ${row.action} ${row.effect} ${row.priority}`;
      if (keys.has(key)) problems.push(`${where}: the same policy is listed twice`);
      keys.add(key);
      if (row.effect === "deny" && row.fieldMasks.length > 0)
        problems.push(`${where}: masks apply only to allowing policies`);
      for (const rule of row.scopeRules) {
        const problem = checkRule(rule, type);
        if (problem) problems.push(`${where}: scope rule ${problem}`);
      }
      for (const mask of row.fieldMasks) {
        try {
          assertFieldMask(mask);
        } catch (error) {
          problems.push(`${where}: mask ${mask.fieldPath}: ${problemOf(error)}`);
          continue;
        }
        const problem = checkDataPath(mask.fieldPath, type);
        if (problem) problems.push(`${where}: mask ${problem}`);
      }
    }
  });
  return names;
}

function checkAgents(pack: PackDefinition, roles: Set<string>, problems: string[]) {
  const slugs = new Set<string>();
  pack.agents.forEach((agent, a) => {
    const at = `agents[${a}] (${agent.slug})`;
    if (slugs.has(agent.slug)) problems.push(`${at}: the slug is used twice`);
    slugs.add(agent.slug);
    if (!roles.has(agent.role))
      problems.push(`${at}: role ${agent.role} is not a role of the pack`);
    const tools = agent.tools.map((tool) => tool.name);
    if (new Set(tools).size !== tools.length) problems.push(`${at}: a tool is listed twice`);
  });
}

/** Sample data with every `{"$sample": key}` replaced by `replace(key)`. */
export function resolveSampleRefs(value: unknown, replace: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveSampleRefs(item, replace));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === SAMPLE_REF && typeof entries[0]![1] === "string")
    return replace(entries[0]![1]);
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveSampleRefs(item, replace)]));
}

function checkSampleData(
  pack: PackDefinition,
  types: Map<string, PackEntityType>,
  problems: string[],
) {
  const sample = pack.sampleData;
  if (!sample) return;
  const all = new Set(sample.records.map((record) => record.key));
  if (all.size !== sample.records.length) problems.push("sampleData: a record key is used twice");
  // Records are created in order: a reference names an earlier record.
  const keys = new Set<string>();
  sample.records.forEach((record, i) => {
    const at = `sampleData.records[${i}] (${record.key})`;
    const type = types.get(record.type);
    if (!type) return problems.push(`${at}: ${record.type} is not an entity type of the pack`);
    const data = resolveSampleRefs(record.data, (key) => {
      if (!keys.has(key))
        problems.push(`${at}: ${SAMPLE_REF} ${key} names no earlier sample record`);
      return `sample-${key}`;
    });
    keys.add(record.key);
    try {
      validateData(type.schema, data);
    } catch (error) {
      problems.push(`${at}: ${problemOf(error)}`);
    }
  });
  for (const relation of sample.relations)
    for (const key of [relation.from, relation.to])
      if (!all.has(key)) problems.push(`sampleData.relations: ${key} names no sample record`);
}

/** Parses and checks one pack version; throws PackFormatError listing every problem. */
export function loadPack(source: PackSource): PackDefinition {
  const parsed = packDefinitionSchema.safeParse(source);
  const id = typeof source.id === "string" ? source.id : "?";
  if (!parsed.success)
    throw new PackFormatError(
      id,
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  const pack = parsed.data;
  const problems: string[] = [];
  const types = new Map<string, PackEntityType>();
  pack.entityTypes.forEach((type, t) => {
    if (types.has(type.slug)) problems.push(`entityTypes[${t}]: slug ${type.slug} is used twice`);
    types.set(type.slug, type);
    checkType(type, `entityTypes[${t}] (${type.slug})`, problems);
  });
  const roles = checkRoles(pack, types, problems);
  checkAgents(pack, roles, problems);
  checkSampleData(pack, types, problems);
  if (problems.length > 0) throw new PackFormatError(pack.id, problems);
  return pack;
}
