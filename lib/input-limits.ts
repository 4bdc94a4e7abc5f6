import { z } from "zod";

// The bounds every input of the product has (docs/input-limits.md): strings, arrays and JSON
// values from a tRPC procedure, a route handler or a tool. A JSON value (entity data, event
// payloads, schemas, metadata) is bounded by its serialized size; the bound is kept in the
// schema's metadata so the test that walks every input (server/routers/input-bounds.test.ts)
// can tell a bounded JSON value from an unbounded one.

export const LIMITS = {
  /** Entity data, event payloads, an entity type's JSON Schema. */
  jsonBytes: 64 * 1024,
  /** Thread and relation metadata, display and index settings, scope-rule values. */
  smallJsonBytes: 16 * 1024,
} as const;

/** The size a JSON value is bounded by: the UTF-8 bytes of its serialization. */
export function serializedSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

export const tooLarge = (maxBytes: number) =>
  `must be at most ${Math.round(maxBytes / 1024)} KiB as JSON`;

/** `schema`, refusing values over `maxBytes` once serialized, with the bound in its metadata. */
export function boundJsonSize<T extends z.ZodType>(schema: T, maxBytes: number) {
  return schema
    .refine((value) => serializedSize(value) <= maxBytes, { message: tooLarge(maxBytes) })
    .meta({ maxBytes });
}

/** Any JSON value, at most `maxBytes` once serialized. */
export function boundedJson(maxBytes: number = LIMITS.jsonBytes) {
  return boundJsonSize(z.json(), maxBytes);
}

/** A JSON object, at most `maxBytes` once serialized. */
export function boundedJsonObject(maxBytes: number = LIMITS.jsonBytes) {
  return boundJsonSize(z.record(z.string().max(1_000), z.json()), maxBytes);
}

/** The byte bound a schema carries, if it is one of the above. */
export function maxBytesOf(schema: z.ZodType): number | undefined {
  const meta = z.globalRegistry.get(schema) as { maxBytes?: unknown } | undefined;
  return typeof meta?.maxBytes === "number" ? meta.maxBytes : undefined;
}

/** How deep a JSON input may nest: validators and JSON.stringify recurse, a 64 KiB body need not. */
export const MAX_JSON_DEPTH = 64;

/**
 * Text PostgreSQL cannot take: NUL (text and jsonb refuse it, so the query fails) and lone
 * surrogates (jsonb refuses their escapes; text would silently store U+FFFD instead).
 */
export function unstorableText(text: string): boolean {
  return text.includes("\u0000") || !text.isWellFormed();
}

/**
 * Why a parsed JSON input is refused (nested past MAX_JSON_DEPTH, or a string or key that cannot
 * be stored), walked iteratively; `subject` names it in the message ("The body").
 */
export function jsonInputProblem(value: unknown, subject: string): string | null {
  const unstorable = `${subject}'s strings must not contain NUL characters or lone surrogates`;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === "string") {
      if (unstorableText(value)) return unstorable;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth === MAX_JSON_DEPTH)
      return `${subject} is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) pending.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [name, item] of Object.entries(value)) {
      if (unstorableText(name)) return unstorable;
      pending.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}
