import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import {
  cachedSchemaCount,
  compileSchema,
  MAX_URL_LENGTH,
  SCHEMA_CACHE_SIZE,
  validateData,
} from "@/server/services/json-schema";

const schema = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 1 },
    email: { type: "string", format: "email" },
    address: { type: "object", properties: { zip: { type: "string", pattern: "^[0-9]{5}$" } } },
  },
};

function failure(data: unknown): AppError {
  try {
    validateData(schema, data);
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a validation error");
}

describe("validateData", () => {
  it("accepts valid data", () => {
    expect(() =>
      validateData(schema, { name: "Ada", email: "ada@example.test", address: { zip: "12345" } }),
    ).not.toThrow();
  });

  it("names the path of what is wrong, as a 400", () => {
    expect(failure({})).toMatchObject({ code: "BAD_REQUEST", field: "data.name" });
    expect(failure({ name: "A", email: "nope" })).toMatchObject({
      field: "data.email",
      message: expect.stringContaining("email"),
    });
    expect(failure({ name: "A", address: { zip: "1" } })).toMatchObject({
      field: "data.address.zip",
    });
    expect(failure({ name: 3 }).message).toMatch(/^data\.name: must be string/);
  });
});

describe("compileSchema", () => {
  it("rejects what is not a JSON Schema, naming the schema field", () => {
    expect(() => compileSchema([])).toThrow(expect.objectContaining({ field: "schema" }));
    expect(() => compileSchema({ type: "no-such-type" })).toThrow(
      expect.objectContaining({ code: "BAD_REQUEST", field: "schema" }),
    );
  });
});

/** The 400 a call throws, or a failure when it does not throw one. */
function refusal(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    return error as AppError;
  }
  throw new Error("expected a 400");
}

describe("tenant patterns in schemas", () => {
  it("pattern and patternProperties run in linear time", () => {
    // Ajv's default engine (JavaScript's, backtracking) took 1.9 s on 28 characters with this.
    const byPattern = { type: "object", properties: { v: { type: "string", pattern: "^(a+)+$" } } };
    const byKey = { type: "object", patternProperties: { "^(a+)+$": { type: "number" } } };
    const start = performance.now();
    expect(refusal(() => validateData(byPattern, { v: `${"a".repeat(28)}!` })).field).toBe(
      "data.v",
    );
    expect(() => validateData(byKey, { [`${"a".repeat(28)}!`]: "not checked" })).not.toThrow();
    expect(performance.now() - start).toBeLessThan(250);
    const long = `${"a".repeat(64 * 1024)}!`;
    expect(refusal(() => validateData(byPattern, { v: long })).field).toBe("data.v");
    expect(() => validateData(byKey, { [long]: "not checked" })).not.toThrow();
    expect(refusal(() => validateData(byKey, { [long.slice(0, -1)]: "x" })).message).toMatch(
      /must be number/,
    );
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it.each([
    [
      { properties: { email: { type: "string", pattern: "^\\w+(?=@)" } } },
      "properties.email.pattern",
    ],
    [{ $defs: { code: { pattern: "(a)\\1" } } }, "$defs.code.pattern"],
    [{ items: { pattern: "[a-z]{1000}[0-9]{1000}" } }, "items.pattern"],
    [{ patternProperties: { "^(?!x-)": { type: "string" } } }, "patternProperties.^(?!x-)"],
    [{ anyOf: [{}, { not: { pattern: "(?<=a)b" } }] }, "anyOf.1.not.pattern"],
  ])("refuses a pattern RE2 cannot run, naming its place: %j", (schema, place) => {
    const error = refusal(() => compileSchema({ type: "object", ...schema }));
    expect(error.field).toBe(`schema.${place}`);
    expect(error.message.startsWith(`schema.${place}: the pattern is refused: `)).toBe(true);
  });

  it("compiles what a pattern is not: property names, data, unknown keywords' strings", () => {
    const schema = {
      type: "object",
      properties: { pattern: { type: "string" }, $id: { type: "string" }, $ref: {} },
      examples: [{ pattern: "(?=x)", $id: "https://other.example/s" }],
      default: { $ref: "https://other.example/s" },
      "x-note": "(?=x)",
    };
    expect(compileSchema(schema)({ pattern: "p", $id: "i", $ref: 1 })).toBe(true);
  });
});

describe("schemas reach nothing beyond themselves", () => {
  it.each([
    [{ $id: "https://b.example/student" }, "$id"],
    [{ properties: { a: { $id: "#a" } } }, "properties.a.$id"],
    [{ prefixItems: [{ $anchor: "secret" }] }, "prefixItems.0.$anchor"],
    [{ $defs: { a: { $dynamicAnchor: "node" } } }, "$defs.a.$dynamicAnchor"],
    [{ items: { $dynamicRef: "#node" } }, "items.$dynamicRef"],
    [{ "x-ui": { $id: "https://b.example/x" } }, "x-ui.$id"],
    [{ properties: { a: { $ref: "https://b.example/student" } } }, "properties.a.$ref"],
    [{ $ref: "student" }, "$ref"],
    [{ allOf: [{ $ref: "urn:org-b:student#/properties" }] }, "allOf.0.$ref"],
  ])("refuses %j, naming the path", (schema, place) => {
    expect(refusal(() => compileSchema(schema)).field).toBe(`schema.${place}`);
  });

  it("org A's schema cannot reference org B's, nor break B's by claiming its name first", () => {
    // Before, one Ajv served everyone: B's `$id` registered globally, A's `$ref` to it compiled
    // (showing B's pattern and required fields in A's errors), and an `$id` claimed by A made
    // B's compile fail. Now neither can name anything, and local references stay local.
    const orgB = {
      $defs: {
        secret: { type: "object", required: ["ssn"], properties: { ssn: { pattern: "^9" } } },
      },
      type: "object",
    };
    const orgA = { type: "object", properties: { x: { $ref: "#/$defs/secret" } } };
    expect(compileSchema(orgB)({})).toBe(true);
    expect(refusal(() => compileSchema(orgA)).message).toMatch(/can't resolve reference/);
    expect(refusal(() => compileSchema({ ...orgB, $id: "https://b.example/s" })).field).toBe(
      "schema.$id",
    );
    // The same text in two organizations is one compiled validator, with no state of either.
    expect(compileSchema(structuredClone(orgB))).toBe(compileSchema(orgB));
  });

  it("uses local references and the draft 2020-12 meta-schema", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { zip: { type: "string", pattern: "^[0-9]{5}$" } },
      type: "object",
      properties: { home: { $ref: "#/$defs/zip" }, work: { $ref: "#/$defs/zip" } },
    };
    expect(compileSchema(schema)({ home: "75001" })).toBe(true);
    expect(refusal(() => validateData(schema, { work: "x" })).field).toBe("data.work");
    expect(refusal(() => compileSchema({ $schema: "https://b.example/meta" })).field).toBe(
      "schema",
    );
  });

  it("format url runs only on strings up to MAX_URL_LENGTH (its regex is quadratic)", () => {
    const schema = { type: "string", format: "url" };
    expect(() => validateData(schema, "https://example.test/a?b=c")).not.toThrow();
    const start = performance.now();
    expect(refusal(() => validateData(schema, `http://${":".repeat(60_000)}`)).field).toBe("data");
    expect(performance.now() - start).toBeLessThan(100);
    const longest = `https://example.test/${"a".repeat(MAX_URL_LENGTH - 21)}`;
    expect(() => validateData(schema, longest)).not.toThrow();
    expect(refusal(() => validateData(schema, `${longest}a`)).field).toBe("data");
  });
});

describe("the compiled cache", () => {
  const distinct = (i: number) => ({ type: "object", properties: { n: { minimum: i } } });

  it(`keeps at most ${SCHEMA_CACHE_SIZE} validators, least recently used out first`, () => {
    const first = Array.from({ length: SCHEMA_CACHE_SIZE }, (_, i) => compileSchema(distinct(i)));
    expect(cachedSchemaCount()).toBe(SCHEMA_CACHE_SIZE);
    // Using #0 makes #1 the least recently used: the next new schema evicts #1, not #0.
    expect(compileSchema(distinct(0))).toBe(first[0]);
    compileSchema(distinct(SCHEMA_CACHE_SIZE));
    expect(cachedSchemaCount()).toBe(SCHEMA_CACHE_SIZE);
    expect(compileSchema(distinct(0))).toBe(first[0]);
    expect(compileSchema(distinct(2))).toBe(first[2]);
    // #1 was evicted: compiling it again is a new validator, and evicts #3 (now the oldest).
    expect(compileSchema(distinct(1))).not.toBe(first[1]);
    expect(compileSchema(distinct(4))).toBe(first[4]);
    expect(compileSchema(distinct(3))).not.toBe(first[3]);
    expect(cachedSchemaCount()).toBe(SCHEMA_CACHE_SIZE);
  });

  it("never keeps a schema that fails, nor lets one evict anything", () => {
    const kept = compileSchema(distinct(-1));
    const before = cachedSchemaCount();
    for (let i = 0; i < SCHEMA_CACHE_SIZE + 10; i += 1) {
      expect(() => compileSchema({ type: "string", pattern: `(?=${i})` })).toThrow(AppError);
      expect(() => compileSchema({ $id: `https://a.example/${i}` })).toThrow(AppError);
      expect(() => compileSchema({ type: `no-such-type-${i}` })).toThrow(AppError);
    }
    expect(cachedSchemaCount()).toBe(before);
    expect(compileSchema(distinct(-1))).toBe(kept);
  });
});
