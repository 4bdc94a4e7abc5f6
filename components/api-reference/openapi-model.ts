import type { oas31 } from "zod-openapi";

// The OpenAPI document as the API reference page shows it: operations in document order, and
// schemas as trees of readable nodes (references resolved, a recursive one shown once). Pure,
// so it is tested without rendering.

type Schema = oas31.SchemaObject | oas31.ReferenceObject;
type Components = oas31.ComponentsObject | undefined;

export type SchemaNode = {
  /** Property name, `[key]` for any key of a map, `items`; undefined at the root. */
  name?: string;
  required?: boolean;
  /** "string", "integer or null", "array of ToolCall", "one of", a component's name. */
  type: string;
  description?: string;
  /** Bounds and values: "1–255 characters", "≥ 0", "one of: a, b", "format date-time". */
  facts: string[];
  children: SchemaNode[];
  /** A reference already being shown above (recursive schemas). */
  recursive?: boolean;
  /** The component it is, when it is a reference to one. */
  ref?: string;
};

export type Example = { label: string; value: unknown };
export type Content = { mediaType: string; schema: SchemaNode | null; examples: Example[] };
export type Parameter = {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: SchemaNode | null;
};
export type Response = {
  status: string;
  description: string;
  headers: { name: string; required: boolean; description?: string }[];
  content: Content[];
};
export type Operation = {
  anchor: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  /** Needs an API key (the operation's security, else the document's). */
  keyed: boolean;
  parameters: Parameter[];
  requestBody: { required: boolean; content: Content[] } | null;
  responses: Response[];
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

const isRef = (value: unknown): value is oas31.ReferenceObject =>
  typeof value === "object" && value !== null && "$ref" in value;

export const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

/** A local `#/components/<kind>/<name>` reference's target, or the value itself. */
export function resolve<T>(value: T | oas31.ReferenceObject, components: Components): T {
  if (!isRef(value)) return value;
  const [, , kind, name] = value.$ref.split("/");
  const group = (components as Record<string, Record<string, unknown>> | undefined)?.[kind ?? ""];
  const target = group?.[name ?? ""];
  if (target === undefined) throw new Error(`Unresolved reference ${value.$ref}`);
  return resolve(target as T | oas31.ReferenceObject, components);
}

function range(min: unknown, max: unknown, unit: string): string | null {
  const hasMin = typeof min === "number" && min > 0;
  const hasMax = typeof max === "number";
  if (hasMin && hasMax) return min === max ? `${min} ${unit}` : `${min}–${max} ${unit}`;
  if (hasMin) return `at least ${min} ${unit}`;
  if (hasMax) return `at most ${max} ${unit}`;
  return null;
}

function factsOf(schema: oas31.SchemaObject): string[] {
  const s = schema as Record<string, unknown>;
  const facts = [
    range(s.minLength, s.maxLength, "characters"),
    range(s.minItems, s.maxItems, "items"),
    typeof s.minimum === "number" ? `≥ ${s.minimum}` : null,
    typeof s.maximum === "number" ? `≤ ${s.maximum}` : null,
    typeof s.format === "string" ? `format ${s.format}` : null,
    // Long patterns (dates) say less than their format.
    typeof s.pattern === "string" && s.pattern.length <= 40 && !s.format
      ? `pattern ${s.pattern}`
      : null,
    "const" in s ? `= ${JSON.stringify(s.const)}` : null,
    Array.isArray(s.enum) ? `one of: ${s.enum.map((v) => JSON.stringify(v)).join(", ")}` : null,
    typeof s["x-max-bytes"] === "number"
      ? `at most ${Math.round(s["x-max-bytes"] / 1024)} KiB as JSON`
      : null,
  ];
  return facts.filter((fact): fact is string => fact !== null);
}

/**
 * Alternatives that are plain types (a JSON value: string, number, ..., object of itself) read
 * better as one line than as a list of one-line options.
 */
function collapse(node: SchemaNode): SchemaNode {
  const simple = node.children.every(
    (option) =>
      !option.description &&
      option.children.every((child) => child.recursive && child.name === "[key]"),
  );
  if (!simple) return node;
  const kinds = node.children.map((option) =>
    option.children[0] ? `${option.type} of ${option.children[0].type}` : option.type,
  );
  return { ...node, facts: [`${node.type}: ${kinds.join(", ")}`, ...node.facts], children: [] };
}

const isNull = (schema: Schema) => !isRef(schema) && schema.type === "null";

/** A schema as a tree. `seen` holds the references being expanded (a cycle stops there). */
export function schemaTree(
  schema: Schema,
  components: Components,
  at: { name?: string; required?: boolean } = {},
  seen: ReadonlySet<string> = new Set(),
): SchemaNode {
  if (isRef(schema)) {
    const name = refName(schema.$ref);
    const own = (schema as { description?: string }).description;
    if (seen.has(name))
      return {
        ...at,
        type: name,
        description: own,
        facts: [],
        children: [],
        recursive: true,
        ref: name,
      };
    const node = schemaTree(resolve(schema, components), components, at, new Set([...seen, name]));
    const plain = node.type === "object" || node.type === "one of" || node.type === "any of";
    return {
      ...node,
      type: plain ? name : node.type,
      description: own ?? node.description,
      ref: name,
    };
  }
  const base = { ...at, description: schema.description, facts: factsOf(schema) };
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const others = alternatives.filter((option) => !isNull(option));
    if (others.length === 1 && others.length < alternatives.length) {
      // `X or null`.
      const node = schemaTree(others[0]!, components, at, seen);
      return {
        ...node,
        type: `${node.type} or null`,
        description: base.description ?? node.description,
      };
    }
    return collapse({
      ...base,
      type: schema.oneOf ? "one of" : "any of",
      children: alternatives.map((option, index) =>
        schemaTree(
          option,
          components,
          { name: isRef(option) ? undefined : `option ${index + 1}` },
          seen,
        ),
      ),
    });
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes("array") && schema.items) {
    const item = schemaTree(schema.items, components, {}, seen);
    const leaf = item.children.length === 0;
    return {
      ...base,
      type: `array of ${item.type}`,
      facts: [...base.facts, ...(leaf ? item.facts.map((fact) => `each ${fact}`) : [])],
      children: leaf ? [] : item.recursive ? [] : item.children,
    };
  }
  const required = new Set(schema.required ?? []);
  const children = Object.entries(schema.properties ?? {}).map(([name, property]) =>
    schemaTree(property, components, { name, required: required.has(name) }, seen),
  );
  const extra = schema.additionalProperties;
  if (extra && typeof extra === "object") {
    children.push(schemaTree(extra, components, { name: "[key]" }, seen));
  }
  const type = types.length > 0 ? types.join(" or ") : children.length > 0 ? "object" : "any";
  return { ...base, type, children };
}

function examplesOf(media: oas31.MediaTypeObject, components: Components): Example[] {
  if (media.example !== undefined) return [{ label: "Example", value: media.example }];
  if (media.examples) {
    return Object.entries(media.examples).map(([label, example]) => ({
      label,
      value: resolve(example, components).value,
    }));
  }
  if (!media.schema) return [];
  const schema = resolve(media.schema, components);
  if (schema.example !== undefined) return [{ label: "Example", value: schema.example }];
  // A oneOf of components: each one's example, named after it.
  return (schema.oneOf ?? []).flatMap((option) => {
    const value = resolve(option, components).example;
    return value === undefined
      ? []
      : [{ label: isRef(option) ? refName(option.$ref) : "Example", value }];
  });
}

function contentOf(content: oas31.ContentObject | undefined, components: Components): Content[] {
  return Object.entries(content ?? {}).map(([mediaType, media]) => ({
    mediaType,
    schema: media.schema ? schemaTree(media.schema, components) : null,
    examples: examplesOf(media, components),
  }));
}

export const anchorOf = (method: string, path: string) =>
  `${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+$/, "");

/** Every operation of the document, in its order. */
export function listOperations(document: oas31.OpenAPIObject): Operation[] {
  const components = document.components;
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const security = operation.security ?? document.security ?? [];
      const body = operation.requestBody ? resolve(operation.requestBody, components) : null;
      return [
        {
          anchor: anchorOf(method, path),
          method: method.toUpperCase(),
          path,
          summary: operation.summary,
          description: operation.description,
          tags: operation.tags ?? [],
          keyed: security.some((requirement) => Object.keys(requirement).length > 0),
          parameters: (operation.parameters ?? []).map((reference) => {
            const parameter = resolve(reference, components);
            return {
              name: parameter.name,
              in: parameter.in,
              required: parameter.required ?? false,
              description: parameter.description,
              schema: parameter.schema ? schemaTree(parameter.schema, components) : null,
            };
          }),
          requestBody: body
            ? { required: body.required ?? false, content: contentOf(body.content, components) }
            : null,
          responses: Object.entries(operation.responses ?? {}).map(([status, reference]) => {
            const response = resolve(reference as oas31.ResponseObject, components);
            return {
              status,
              description: response.description,
              headers: Object.entries(response.headers ?? {}).map(([name, header]) => {
                const resolved = resolve(header, components);
                return {
                  name,
                  required: resolved.required ?? false,
                  description: resolved.description,
                };
              }),
              content: contentOf(response.content, components),
            };
          }),
        },
      ];
    }),
  );
}

/** The components the error answers use (shown once, not in every answer). */
export function sharedSchemaRefs(operations: Operation[]): string[] {
  const refs = operations.flatMap((operation) =>
    operation.responses
      .filter((response) => !response.status.startsWith("2"))
      .flatMap((response) => response.content.map((content) => content.schema?.ref)),
  );
  return [...new Set(refs.filter((ref): ref is string => ref !== undefined))];
}
