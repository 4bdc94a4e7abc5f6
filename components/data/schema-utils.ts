import type { RouterOutputs } from "@/lib/trpc/types";

// Reading an entity type's JSON Schema and display settings on the client: which properties
// the generated form and the table show, and how a record is named in lists.

export type EntityType = RouterOutputs["entityTypes"]["list"][number];
export type Entity = RouterOutputs["entities"]["list"]["items"][number];
export type JsonScalar = string | number | boolean | null;

export type FieldKind =
  "string" | "email" | "date" | "enum" | "number" | "integer" | "boolean" | "json";

export type SchemaProperty = {
  name: string;
  /** The property's `title`, or its name. */
  label: string;
  description: string | null;
  kind: FieldKind;
  required: boolean;
  /** The allowed values of an `enum` property. */
  options: JsonScalar[];
};

/** How many schema properties the table shows when the type names no list fields. */
const FALLBACK_COLUMNS = 4;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is JsonScalar {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** The one type a property is edited as: `["string", "null"]` is a string. */
function primaryType(type: unknown): string | undefined {
  if (typeof type === "string") return type;
  if (Array.isArray(type))
    return type.find((t): t is string => typeof t === "string" && t !== "null");
  return undefined;
}

function kindOf(definition: Record<string, unknown>): FieldKind {
  if (Array.isArray(definition.enum) && definition.enum.every(isScalar)) return "enum";
  const type = primaryType(definition.type);
  if (type === "string") {
    if (definition.format === "email") return "email";
    if (definition.format === "date") return "date";
    return "string";
  }
  if (type === "number" || type === "integer" || type === "boolean") return type;
  return "json";
}

/** The top-level properties of a schema, in the order the schema lists them. */
export function schemaProperties(schema: unknown): SchemaProperty[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(schema.properties).map(([name, raw]) => {
    const definition = isRecord(raw) ? raw : {};
    const title = typeof definition.title === "string" && definition.title.trim();
    return {
      name,
      label: title || name,
      description: typeof definition.description === "string" ? definition.description : null,
      kind: kindOf(definition),
      required: required.includes(name),
      options: Array.isArray(definition.enum) ? definition.enum.filter(isScalar) : [],
    };
  });
}

/** The type's own `displayConfig.listFields` (possibly none). */
export function configuredListFields(type: Pick<EntityType, "displayConfig">): string[] {
  const config = type.displayConfig;
  if (!isRecord(config) || !Array.isArray(config.listFields)) return [];
  return config.listFields.filter((field): field is string => typeof field === "string");
}

/** The type's `displayConfig.listFields`, else its schema's first few properties. */
export function listFieldsOf(type: Pick<EntityType, "displayConfig" | "schema">): string[] {
  const fields = configuredListFields(type);
  if (fields.length > 0) return fields;
  return schemaProperties(type.schema)
    .slice(0, FALLBACK_COLUMNS)
    .map((property) => property.name);
}

/** `grade` or `address.city` read from an entity's data. */
export function readField(data: unknown, field: string): unknown {
  let value: unknown = data;
  for (const key of field.replace(/^data\./, "").split(".")) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** One line of text for a value in a table cell or a list. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * What a record is called in lists and links: its first non-empty list field, else its first
 * string value, else its id (a record must always have a visible, clickable name).
 */
export function entityLabel(entity: Pick<Entity, "id" | "data">, fields: string[]): string {
  for (const field of fields) {
    const value = readField(entity.data, field);
    if (value !== undefined && value !== null && value !== "" && isScalar(value)) {
      return String(value);
    }
  }
  if (isRecord(entity.data)) {
    const text = Object.values(entity.data).find(
      (value): value is string => typeof value === "string" && value.trim() !== "",
    );
    if (text) return text;
  }
  return entity.id;
}

/** "name, email ,, name" → ["name", "email"]: the comma-separated field inputs. */
export function parseFieldList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((field) => field.trim())
        .filter(Boolean),
    ),
  ];
}
