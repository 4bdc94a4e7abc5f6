import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { configuredJobRunner, inngestDevMode } from "@/server/jobs/runner-mode";

describe("configuredJobRunner", () => {
  const runner = (vars: Record<string, string>) => configuredJobRunner(parseEnv(vars));

  it("is Inngest when an event key, the dev server or a base URL is configured", () => {
    expect(runner({ INNGEST_EVENT_KEY: "key" })).toBe("inngest");
    expect(runner({ INNGEST_DEV: "1" })).toBe("inngest");
    expect(runner({ INNGEST_DEV: "http://127.0.0.1:8288" })).toBe("inngest");
    expect(runner({ INNGEST_BASE_URL: "https://inngest.internal" })).toBe("inngest");
  });

  it("is the local runner otherwise, INNGEST_DEV=0 and blank values included", () => {
    expect(runner({})).toBe("local");
    expect(runner({ INNGEST_DEV: "0", INNGEST_EVENT_KEY: " " })).toBe("local");
  });

  it("follows JOB_RUNNER when it is not auto", () => {
    expect(runner({ JOB_RUNNER: "none", INNGEST_EVENT_KEY: "key" })).toBe("none");
    expect(runner({ JOB_RUNNER: "local", INNGEST_DEV: "1" })).toBe("local");
    expect(runner({ JOB_RUNNER: "inngest" })).toBe("inngest");
    expect(() => runner({ JOB_RUNNER: "cron" })).toThrow(/JOB_RUNNER/);
  });

  it("tells the Inngest client dev mode from INNGEST_DEV", () => {
    expect(inngestDevMode(parseEnv({}))).toBeUndefined();
    expect(inngestDevMode(parseEnv({ INNGEST_DEV: "1" }))).toBe(true);
    expect(inngestDevMode(parseEnv({ INNGEST_DEV: "false" }))).toBe(false);
  });
});
