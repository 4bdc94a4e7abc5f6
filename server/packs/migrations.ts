import { AppError } from "@/server/errors";
import { compileSchema, validateData } from "@/server/services/json-schema";
import {
  compareVersions,
  type MigrationStep,
  type PackDefinition,
  type PackMigration,
} from "@/server/packs/format";
import { propertiesOf } from "@/server/packs/validate";

// What a migration step does to a type's definition and to one record's data, as pure
// functions: the registry runs them over the pack's own definitions to prove each migration
// leads from one version to the next, and the upgrade runs them over what is stored.

export type TypeShape = {
  schema: Record<string, unknown>;
  searchFields: string[];
  displayConfig?: { listFields?: string[]; detailFields?: string[] } | null;
};

type Json = Record<string, unknown>;

const clone = <T>(value: T): T => structuredClone(value);
const renamed = (list: string[] | undefined, from: string, to: string) =>
  list?.map((item) => (item === from ? to : item));
const without = (list: string[] | undefined, field: string) =>
  list?.filter((item) => item !== field);

function withDisplay(shape: TypeShape, change: (list?: string[]) => string[] | undefined) {
  if (!shape.displayConfig) return shape.displayConfig;
  const { listFields, detailFields, ...rest } = shape.displayConfig;
  return {
    ...rest,
    ...(listFields && { listFields: change(listFields) }),
    ...(detailFields && { detailFields: change(detailFields) }),
  };
}

/**
 * A type's definition after the step. `strict` (the pack's own definitions) refuses a step that
 * does not fit; on stored types (maybe customized since) a field already there is left as it is.
 */
export function stepOnType(shape: TypeShape, step: MigrationStep, strict: boolean): TypeShape {
  const schema = clone(shape.schema);
  const props = { ...propertiesOf(schema) };
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : undefined;
  const fail = (why: string): never => {
    throw new AppError("BAD_REQUEST", `${step.type} ${step.entityType}: ${why}`);
  };
  switch (step.type) {
    case "add_field": {
      if (step.field in props) {
        if (strict) fail(`${step.field} is already a property`);
        return shape;
      }
      if (step.required && step.default === undefined)
        fail(`a required field needs a default for the records that exist`);
      if (step.default !== undefined) validateData(step.schema, step.default);
      props[step.field] = step.schema;
      return {
        schema: {
          ...schema,
          properties: props,
          ...(step.required && { required: [...(required ?? []), step.field] }),
        },
        searchFields: step.searchable ? [...shape.searchFields, step.field] : shape.searchFields,
        displayConfig: shape.displayConfig,
      };
    }
    case "remove_field": {
      if (!(step.field in props)) {
        if (strict) fail(`${step.field} is not a property`);
        return shape;
      }
      delete props[step.field];
      const rest = without(required, step.field);
      return {
        schema: { ...schema, properties: props, ...(rest && { required: rest }) },
        searchFields: without(shape.searchFields, step.field)!,
        displayConfig: withDisplay(shape, (list) => without(list, step.field)),
      };
    }
    case "rename_field": {
      if (!(step.from in props) || step.to in props) {
        if (strict) fail(`${step.from} must be a property and ${step.to} must not`);
        return shape;
      }
      const entries = Object.entries(props).map(([key, value]) =>
        key === step.from ? [step.to, value] : [key, value],
      );
      const names = renamed(required, step.from, step.to);
      return {
        schema: {
          ...schema,
          properties: Object.fromEntries(entries),
          ...(names && { required: names }),
        },
        searchFields: renamed(shape.searchFields, step.from, step.to)!,
        displayConfig: withDisplay(shape, (list) => renamed(list, step.from, step.to)),
      };
    }
    case "modify_schema": {
      const merged = { ...schema, ...clone(step.changes) };
      compileSchema(merged);
      return { ...shape, schema: merged };
    }
    case "add_entity_type":
      return fail("the type exists already");
  }
}

/** One record's data after the step, and whether it changed. */
export function stepOnData(data: Json, step: MigrationStep): { data: Json; changed: boolean } {
  switch (step.type) {
    case "add_field":
      if (step.field in data || step.default === undefined) return { data, changed: false };
      return { data: { ...data, [step.field]: clone(step.default) }, changed: true };
    case "remove_field": {
      if (!(step.field in data)) return { data, changed: false };
      const { [step.field]: _removed, ...rest } = data;
      return { data: rest, changed: true };
    }
    case "rename_field": {
      if (!(step.from in data) || step.to in data) return { data, changed: false };
      const { [step.from]: value, ...rest } = data;
      return { data: { ...rest, [step.to]: value }, changed: true };
    }
    default:
      return { data, changed: false };
  }
}

/** The migrations from `from` to `to`, each taken by its `from` version (one per version). */
export function migrationPath(
  migrations: PackMigration[],
  from: string,
  to: string,
): PackMigration[] {
  const path: PackMigration[] = [];
  for (let at = from; at !== to;) {
    const next = migrations.find((migration) => migration.from === at);
    if (!next || compareVersions(next.to, at) <= 0 || compareVersions(next.to, to) > 0)
      throw new AppError("CONFLICT", `No migration path from ${from} to ${to}`);
    path.push(next);
    at = next.to;
  }
  return path;
}

/** JSON with object keys sorted: equal text means equal values. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

const shapeOf = (type: PackDefinition["entityTypes"][number]): TypeShape => ({
  schema: type.schema,
  searchFields: type.searchFields,
});

/** Runs one migration over the `from` version's types and compares with the `to` version's. */
function checkMigration(migration: PackMigration, from: PackDefinition, to: PackDefinition) {
  const problems: string[] = [];
  const types = new Map(from.entityTypes.map((type) => [type.slug, shapeOf(type)]));
  const target = new Map(to.entityTypes.map((type) => [type.slug, type]));
  migration.steps.forEach((step, s) => {
    const at = `migration ${migration.from} → ${migration.to}, step ${s + 1} (${step.type} ${step.entityType})`;
    const current = types.get(step.entityType);
    try {
      if (step.type === "add_entity_type") {
        const defined = target.get(step.entityType);
        if (current) throw new Error("the type exists already");
        if (!defined) throw new Error(`version ${to.version} does not define it`);
        types.set(step.entityType, shapeOf(defined));
      } else if (!current) {
        throw new Error("no such entity type at this point");
      } else {
        types.set(step.entityType, stepOnType(current, step, true));
      }
    } catch (error) {
      problems.push(`${at}: ${(error as Error).message}`);
    }
  });
  for (const [slug, type] of target) {
    const reached = types.get(slug);
    const where = `migration ${migration.from} → ${migration.to}: ${slug}`;
    if (!reached) problems.push(`${where} is defined by ${to.version} but no step creates it`);
    else if (
      canonicalJson(shapeOf(type)) !== canonicalJson({ ...reached, displayConfig: undefined })
    )
      problems.push(
        `${where}: the steps do not lead to the schema and search fields of ${to.version}`,
      );
  }
  for (const slug of types.keys())
    if (!target.has(slug))
      problems.push(
        `migration ${migration.from} → ${migration.to}: ${slug} is not in ${to.version}`,
      );
  return problems;
}

/**
 * The migrations of a pack's latest version: each goes up between registered versions, each
 * version has one way on, every earlier version reaches the latest, and each migration's steps
 * lead exactly from one version's types to the next one's.
 */
export function checkMigrations(versions: PackDefinition[]): string[] {
  const latest = versions[versions.length - 1]!;
  const byVersion = new Map(versions.map((pack) => [pack.version, pack]));
  const problems: string[] = [];
  const froms = new Set<string>();
  for (const migration of latest.migrations) {
    const at = `migration ${migration.from} → ${migration.to}`;
    if (froms.has(migration.from)) problems.push(`${at}: ${migration.from} has two migrations`);
    froms.add(migration.from);
    if (compareVersions(migration.to, migration.from) <= 0)
      problems.push(`${at}: a migration must go to a later version`);
    const from = byVersion.get(migration.from);
    const to = byVersion.get(migration.to);
    if (!from || !to) {
      problems.push(`${at}: both versions must be registered`);
      continue;
    }
    problems.push(...checkMigration(migration, from, to));
  }
  if (problems.length > 0) return problems;
  for (const pack of versions.slice(0, -1)) {
    try {
      migrationPath(latest.migrations, pack.version, latest.version);
    } catch {
      problems.push(`version ${pack.version} has no migration path to ${latest.version}`);
    }
  }
  return problems;
}
