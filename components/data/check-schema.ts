import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

import { isRecord } from "@/components/data/schema-utils";

// The schema editor checks a schema in the browser as it is typed, with the server's settings
// (draft 2020-12, formats, not strict: see server/services/json-schema.ts), so "Valid schema"
// here means the server will accept it too (in development; production checks less, below).

export type SchemaCheck =
  { ok: true; schema: Record<string, unknown> } | { ok: false; error: string };

let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (!ajv) {
    // No logger: unknown formats are ignored (as on the server) without a console warning on
    // every keystroke.
    ajv = new Ajv2020({ allErrors: false, strict: false, logger: false });
    addFormats(ajv);
  }
  return ajv;
}

export function checkSchemaText(text: string): SchemaCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Invalid JSON: ${(error as Error).message}` };
  }
  if (!isRecord(parsed)) return { ok: false, error: "The schema must be a JSON object." };
  // Ajv compiles with `new Function`, which the production Content Security Policy forbids
  // (no 'unsafe-eval' outside `next dev`: server/http/security-headers.ts). There the browser
  // checks the JSON only; the server checks the schema on save and names the failing place.
  if (process.env.NODE_ENV === "production") return { ok: true, schema: parsed };
  const instance = validator();
  try {
    instance.compile(parsed);
  } catch (error) {
    return { ok: false, error: `Invalid JSON Schema: ${(error as Error).message}` };
  } finally {
    // Every keystroke compiles a new object: forget it, or the cache grows while typing and a
    // schema with an `$id` would clash with its own previous version.
    instance.removeSchema(parsed);
  }
  return { ok: true, schema: parsed };
}
