import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";

describe("parseEnv", () => {
  it("defaults to the embedded database and the spec's rate limits", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.NODE_ENV).toBe("development");
    expect([env.RATE_LIMIT_KEY_PER_MINUTE, env.RATE_LIMIT_KEY_BURST]).toEqual([30, 10]);
    expect([env.RATE_LIMIT_ORG_PER_MINUTE, env.RATE_LIMIT_ORG_BURST]).toEqual([100, 30]);
  });

  it("treats blank values as unset, as .env files written from .env.example do", () => {
    expect(parseEnv({ DATABASE_URL: "  ", ANTHROPIC_API_KEY: "" })).toMatchObject({
      DATABASE_URL: undefined,
      ANTHROPIC_API_KEY: undefined,
    });
  });

  it("coerces numeric overrides", () => {
    expect(parseEnv({ RATE_LIMIT_KEY_PER_MINUTE: "120" }).RATE_LIMIT_KEY_PER_MINUTE).toBe(120);
  });

  it("names the variable that is invalid", () => {
    expect(() => parseEnv({ AUTH_MODE: "ldap" })).toThrow(/AUTH_MODE/);
    expect(() => parseEnv({ RATE_LIMIT_ORG_BURST: "-3" })).toThrow(/RATE_LIMIT_ORG_BURST/);
  });
});
