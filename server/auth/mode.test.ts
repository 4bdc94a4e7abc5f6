import { describe, expect, it } from "vitest";
import { authMode } from "@/server/auth/mode";
import { parseEnv } from "@/server/env";

const clerkKeys = { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x", CLERK_SECRET_KEY: "sk_test_x" };

describe("authMode", () => {
  it("is local without Clerk keys in development, and Clerk with them", () => {
    expect(authMode(parseEnv({ NODE_ENV: "development" }))).toBe("local");
    expect(authMode(parseEnv({ NODE_ENV: "development", ...clerkKeys }))).toBe("clerk");
  });

  it("refuses local auth in production unless AUTH_MODE=local, which then needs its own secret", () => {
    expect(() => authMode(parseEnv({ NODE_ENV: "production" }))).toThrow(
      /refused with NODE_ENV=production/,
    );
    expect(() => authMode(parseEnv({ NODE_ENV: "production", AUTH_MODE: "local" }))).toThrow(
      /LOCAL_AUTH_SECRET/,
    );
    expect(
      authMode(parseEnv({ NODE_ENV: "production", AUTH_MODE: "local", LOCAL_AUTH_SECRET: "s" })),
    ).toBe("local");
    expect(authMode(parseEnv({ NODE_ENV: "production", ...clerkKeys }))).toBe("clerk");
  });

  it("lets AUTH_MODE=local win over configured Clerk keys, and AUTH_MODE=clerk demand them", () => {
    expect(authMode(parseEnv({ AUTH_MODE: "local", ...clerkKeys }))).toBe("local");
    expect(() => authMode(parseEnv({ AUTH_MODE: "clerk" }))).toThrow(
      /needs NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY/,
    );
  });

  it("does not refuse during `next build`, which serves nobody", () => {
    expect(
      authMode(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })),
    ).toBe("local");
  });
});
