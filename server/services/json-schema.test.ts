import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { compileSchema, validateData } from "@/server/services/json-schema";

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
