import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { maxBytesOf } from "@/lib/input-limits";
import { chatBodySchema, useChatBodySchema } from "@/server/agent/chat-request";
import { BUILTIN_TOOLS } from "@/server/agent/tools/registry";
import { appRouter } from "@/server/routers/_app";

// Every input the product accepts has a maximum (docs/input-limits.md): this walks the input
// schema of every tRPC procedure, of the chat route handlers' bodies and of every built-in tool,
// and lists each string, array or JSON value without one. A new unbounded input fails here.

type Def = {
  type: string;
  checks?: { _zod: { def: { check: string; maximum?: number; length?: number } } }[];
  [key: string]: unknown;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

const hasMax = (def: Def) =>
  (def.checks ?? []).some(
    (check) => check._zod.def.check === "max_length" || check._zod.def.check === "length_equals",
  );

/** The paths of unbounded strings, arrays and JSON values in a zod schema. */
export function unboundedInputs(
  schema: z.ZodType,
  path = "input",
  seen = new Set<unknown>(),
): string[] {
  if (maxBytesOf(schema) !== undefined) return [];
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (child: unknown, at = path) => unboundedInputs(child as z.ZodType, at, seen);
  switch (def.type) {
    case "string":
      return hasMax(def) ? [] : [`${path}: string without a maximum length`];
    case "array":
      return [
        ...(hasMax(def) ? [] : [`${path}: array without a maximum length`]),
        ...inner(def.element, `${path}[]`),
      ];
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.entries(shape).flatMap(([key, child]) =>
        inner(child, `${path}.${key}`),
      );
      const rest =
        def.catchall && defOf(def.catchall as z.ZodType).type !== "never"
          ? inner(def.catchall, `${path}.*`)
          : [];
      return [...fields, ...rest];
    }
    case "record":
    case "map":
    case "lazy":
    case "unknown":
    case "any":
      return [`${path}: ${def.type === "lazy" ? "JSON value" : def.type} without a size bound`];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return inner(def.innerType);
    case "pipe":
      return inner(def.in);
    case "union":
      return (def.options as z.ZodType[]).flatMap((option) => inner(option));
    case "intersection":
      return [...inner(def.left), ...inner(def.right)];
    case "tuple":
      return (def.items as z.ZodType[]).flatMap((item, index) => inner(item, `${path}[${index}]`));
    default:
      // Numbers, booleans, enums, literals, dates: bounded by their type.
      return [];
  }
}

type ProcedureDef = { _def: { inputs?: z.ZodType[] } };
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
);

/** JSON Schema properties of a tool input without maxLength / maxItems / maxProperties. */
function unboundedToolInputs(schema: Record<string, unknown>, path: string): string[] {
  const type = schema.type;
  if (schema.enum || schema.const !== undefined) return [];
  if (type === "string") return schema.maxLength === undefined ? [`${path}: no maxLength`] : [];
  if (type === "array") {
    return [
      ...(schema.maxItems === undefined ? [`${path}: no maxItems`] : []),
      ...unboundedToolInputs((schema.items ?? {}) as Record<string, unknown>, `${path}[]`),
    ];
  }
  if (type === "object") {
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const open = schema.additionalProperties !== false;
    return [
      ...(open && schema.maxProperties === undefined
        ? [`${path}: open object without maxProperties`]
        : []),
      ...Object.entries(properties).flatMap(([key, child]) =>
        unboundedToolInputs(child, `${path}.${key}`),
      ),
    ];
  }
  return [];
}

describe("every input has a maximum", () => {
  it("the walker finds what it must (a check of the check)", async () => {
    const { z: zod } = await import("zod");
    expect(
      unboundedInputs(
        zod.object({
          a: zod.string(),
          b: zod.array(zod.string().max(1)),
          c: zod.json(),
          d: zod.string().max(2),
        }),
      ),
    ).toEqual([
      "input.a: string without a maximum length",
      "input.b: array without a maximum length",
      "input.c: JSON value without a size bound",
    ]);
  });

  it("tRPC procedures", () => {
    const found = procedures.flatMap(([name, procedure]) =>
      (procedure._def.inputs ?? []).flatMap((schema) => unboundedInputs(schema, name)),
    );
    expect(found).toEqual([]);
  });

  it("chat route bodies", () => {
    expect([
      ...unboundedInputs(chatBodySchema, "chat"),
      ...unboundedInputs(useChatBodySchema, "useChat"),
    ]).toEqual([]);
  });

  it("built-in tools", () => {
    const found = Object.values(BUILTIN_TOOLS).flatMap((tool) =>
      unboundedToolInputs(tool.inputSchema, tool.name),
    );
    expect(found).toEqual([]);
  });
});
