import { isRecord, type SchemaProperty } from "@/components/data/schema-utils";
import type { RouterInputs } from "@/lib/trpc/types";

// Between an entity's data and the generated form's fields: inputs hold text (or a checkbox's
// boolean), the API takes JSON typed as the schema says.

export type EntityData = RouterInputs["entities"]["create"]["data"];
type JsonValue = EntityData[string];
export type FieldValue = string | boolean;
export type FormValues = Record<string, FieldValue>;

/** An enum option's <option value>: JSON, so `1`, `"1"` and `true` stay distinct. */
export const optionValue = (value: unknown): string => JSON.stringify(value);

function initialValue(property: SchemaProperty, value: unknown): FieldValue {
  switch (property.kind) {
    case "boolean":
      return value === true;
    case "enum":
      return value === undefined ? "" : optionValue(value);
    case "number":
    case "integer":
      return typeof value === "number" ? String(value) : "";
    case "json":
      return value === undefined ? "" : JSON.stringify(value, null, 2);
    default:
      return typeof value === "string" ? value : value == null ? "" : String(value);
  }
}

export function initialValues(properties: SchemaProperty[], data: unknown): FormValues {
  const source = isRecord(data) ? data : {};
  return Object.fromEntries(
    properties.map((property) => [property.name, initialValue(property, source[property.name])]),
  );
}

type Converted = { value: JsonValue } | { error: string } | null;

function convert(property: SchemaProperty, raw: FieldValue | undefined): Converted {
  if (typeof raw === "boolean") return { value: raw };
  // An empty field is left out: the schema's `required` decides whether that is allowed.
  if (raw === undefined || raw === "") return null;
  switch (property.kind) {
    case "number":
    case "integer": {
      const number = Number(raw);
      return Number.isFinite(number) ? { value: number } : { error: "must be a number" };
    }
    case "enum":
    case "json":
      try {
        return { value: JSON.parse(raw) as JsonValue };
      } catch (error) {
        return { error: `Invalid JSON: ${(error as Error).message}` };
      }
    default:
      return { value: raw };
  }
}

/** The data to send, or per-field errors the browser can tell without asking the server. */
export function valuesToData(
  properties: SchemaProperty[],
  values: FormValues,
): { data: EntityData; errors: Record<string, string> } {
  const data: EntityData = {};
  const errors: Record<string, string> = {};
  for (const property of properties) {
    const converted = convert(property, values[property.name]);
    if (converted === null) continue;
    if ("error" in converted) errors[property.name] = converted.error;
    else data[property.name] = converted.value;
  }
  return { data, errors };
}

/** The keys of `next` whose value differs from `previous` (updates merge: send only those). */
export function changedData(previous: unknown, next: EntityData): EntityData {
  const before = isRecord(previous) ? previous : {};
  return Object.fromEntries(
    Object.entries(next).filter(
      ([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value),
    ),
  );
}
