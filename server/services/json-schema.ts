import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { badRequest } from "@/server/errors";

// Entity data is validated against its type's JSON Schema (draft 2020-12), on create and on the
// merged result of an update (SPEC §7; the original never validated). Compiled validators are
// cached by schema text, so a type's schema compiles once per process.

const ajv = new Ajv2020({ allErrors: false, strict: false, useDefaults: false });
addFormats(ajv);
const cache = new Map<string, ValidateFunction>();

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

/** Compiles a schema, or throws 400 naming what is wrong with it. */
export function compileSchema(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw badRequest("schema must be a JSON Schema object", "schema");
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw badRequest(`schema is not a valid JSON Schema: ${(error as Error).message}`, "schema");
  }
  cache.set(key, validate);
  return validate;
}

/** Throws 400 naming the first invalid path (e.g. `data.email: must match format "email"`). */
export function validateData(schema: unknown, data: unknown): void {
  const validate = compileSchema(schema);
  if (validate(data)) return;
  const first = validate.errors?.[0];
  const { path, message } = first ? describe(first) : { path: "data", message: "is invalid" };
  throw badRequest(`${path}: ${message}`, path);
}
