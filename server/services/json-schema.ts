import { createHash } from "node:crypto";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats";
import { AppError } from "@/server/errors";
import { compileTenantPattern, PatternError } from "@/server/policy/regex";

// Entity data is validated against its type's JSON Schema (draft 2020-12), on create and on the
// merged result of an update; custom tools' arguments against their `parameters` schema.
// Schemas are written by tenants, so (docs/tenant-patterns.md):
// - their `pattern` and `patternProperties` run on RE2 (linear time), checked before compiling;
// - they cannot reach beyond themselves: `$ref` is local (`#...`), and `$id`, `$anchor`,
//   `$dynamicRef`, `$dynamicAnchor` (which name a schema for others to reach) are refused;
// - each compiles in an Ajv instance of its own, so nothing one tenant compiles is registered
//   where another's could find or collide with it (one Ajv for all once let a schema `$ref`
//   another organization's `$id` and read its patterns in error messages);
// - compiled validators are kept by schema text (its SHA-256), least recently used first out,
//   at most SCHEMA_CACHE_SIZE; a schema that fails to compile is never kept.

export const SCHEMA_CACHE_SIZE = 1000;

/** RE2 for every pattern Ajv compiles; Ajv calls it as `regExp(pattern, flags)` and `.test`s. */
const re2 = Object.assign((pattern: string) => compileTenantPattern(pattern, "schema"), {
  code: "re2js",
});

/**
 * ajv-formats' `url` regex is ours, not a tenant's, but its match time grows with the square of
 * the input (`http://` and 20,000 colons: 0.24 s): it only runs on strings short enough.
 */
export const MAX_URL_LENGTH = 2048;
const urlFormat = fullFormats.url as RegExp;

// Not strict: unknown keywords and formats are ignored, as tenants' schemas always were. Never
// `$data` (a pattern taken from the data itself would escape the checks below).
const OPTIONS = { allErrors: false, strict: false, useDefaults: false, $data: false } as const;

/**
 * Checks schemas against the draft 2020-12 meta-schema, as data: it never compiles or keeps a
 * tenant's schema, so one instance serves everyone (compiling the meta-schema in every fresh
 * instance took 9 ms per schema).
 */
const metaAjv = new Ajv2020(OPTIONS);
addFormats(metaAjv);

/** An instance for one schema: nothing compiled in it is seen by any other schema. */
function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    ...OPTIONS,
    meta: false,
    validateSchema: false,
    addUsedSchema: false,
    code: { regExp: re2 },
  });
  addFormats(ajv);
  ajv.addFormat("url", (value: string) => value.length <= MAX_URL_LENGTH && urlFormat.test(value));
  return ajv;
}

const cache = new Map<string, ValidateFunction>();

/** A 400 about the schema, naming the place at fault (`schema.properties.email.pattern`). */
export class SchemaError extends AppError {
  constructor(
    message: string,
    /** The place in the schema, as path segments (empty: the schema as a whole). */
    readonly path: readonly (string | number)[] = [],
  ) {
    super("BAD_REQUEST", message, ["schema", ...path].join("."));
    this.name = "SchemaError";
  }
}

/** Keywords that would name a schema (or look one up by name) beyond this one. */
const GLOBAL_KEYWORDS = ["$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef"];
/** Keywords whose values are data, not schemas (a `$id` key inside `enum` is just data). */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);
/** Keywords whose values map names (of properties, patterns, definitions) to schemas. */
const MAP_KEYWORDS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "dependencies",
]);

/** A place in the schema as a chain to its parent (paths are built only for an error). */
type Place = { key: string | number; parent: Place } | null;

function pathOf(place: Place): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at; at = at.parent) path.unshift(at.key);
  return path;
}

function refuse(place: Place, why: string): never {
  const path = pathOf(place);
  throw new SchemaError(`${["schema", ...path].join(".")}: ${why}`, path);
}

function checkPattern(pattern: string, place: Place): void {
  try {
    compileTenantPattern(pattern, "schema");
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    refuse(place, `the pattern is refused: ${error.message}`);
  }
}

/**
 * Refuses what a tenant's schema may not hold, naming its place. Anything that could be a
 * schema is read as one (Ajv looks for `$id` in unknown keywords too); only the data keywords
 * are skipped. Iterative: a schema nested thousands deep is Ajv's to refuse, not a stack
 * overflow here.
 */
function checkSchema(root: unknown): void {
  const pending: { node: unknown; place: Place }[] = [{ node: root, place: null }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, place } = next;
    if (Array.isArray(node)) {
      node.forEach((item, index) =>
        pending.push({ node: item, place: { key: index, parent: place } }),
      );
      continue;
    }
    if (typeof node !== "object" || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      const at: Place = { key, parent: place };
      if (GLOBAL_KEYWORDS.includes(key)) {
        refuse(
          at,
          `${key} is not allowed: a schema cannot name itself or parts of itself for other schemas`,
        );
      }
      if (key === "$ref" && (typeof value !== "string" || !value.startsWith("#"))) {
        refuse(at, 'only local references ("#/$defs/name") are allowed');
      }
      if (key === "pattern" && typeof value === "string") checkPattern(value, at);
      if (DATA_KEYWORDS.has(key)) continue;
      if (MAP_KEYWORDS.has(key) && typeof value === "object" && value !== null) {
        for (const [name, schema] of Object.entries(value)) {
          const entry: Place = { key: name, parent: at };
          if (key === "patternProperties") checkPattern(name, entry);
          pending.push({ node: schema, place: entry });
        }
        continue;
      }
      pending.push({ node: value, place: at });
    }
  }
}

function describe(error: ErrorObject): { path: string; message: string } {
  // "/address/zip" → "data.address.zip"; a missing required property names the property itself.
  let path = error.instancePath.split("/").filter(Boolean).join(".");
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    path = path ? `${path}.${missing}` : missing;
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    path = path ? `${path}.${extra}` : extra;
  }
  return { path: path ? `data.${path}` : "data", message: error.message ?? "is invalid" };
}

/** Compiles a schema, or throws a 400 (a SchemaError) naming what is wrong with it. */
export function compileSchema(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema) ?? "";
  const key = createHash("sha256").update(text).digest("base64");
  const cached = cache.get(key);
  if (cached) {
    // Most recently used last: Map keeps insertion order.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new SchemaError("schema must be a JSON Schema object");
  }
  checkSchema(schema);
  let validate: ValidateFunction;
  try {
    if (!metaAjv.validateSchema(schema)) {
      throw new Error(metaAjv.errorsText(metaAjv.errors, { dataVar: "schema" }));
    }
    validate = newAjv().compile(schema);
  } catch (error) {
    throw new SchemaError(`schema is not a valid JSON Schema: ${(error as Error).message}`);
  }
  cache.set(key, validate);
  if (cache.size > SCHEMA_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return validate;
}

/** How many compiled validators are kept (tests check the bound). */
export const cachedSchemaCount = () => cache.size;

/** Where data breaks its schema, and how. */
export type DataError = { path: string; message: string };

/**
 * What is wrong with the data, named as validateData names it; empty when it is valid.
 * Validators stop at the first error (allErrors is off: on tenants' schemas, collecting every
 * error costs more than the answer is worth), so there is at most one.
 */
export function dataErrors(schema: unknown, data: unknown): DataError[] {
  const validate = compileSchema(schema);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  return errors.length > 0 ? errors.map(describe) : [{ path: "data", message: "is invalid" }];
}

/** Throws 400 naming the first invalid path (e.g. `data.email: must match format "email"`). */
export function validateData(schema: unknown, data: unknown): void {
  const [first] = dataErrors(schema, data);
  if (!first) return;
  throw new AppError("BAD_REQUEST", `${first.path}: ${first.message}`, first.path);
}
