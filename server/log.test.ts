import { afterEach, describe, expect, it } from "vitest";
import { env, parseEnv } from "@/server/env";
import {
  actorLogContext,
  addLogContext,
  createLogger,
  log,
  logContext,
  scrubSecrets,
  withLogContext,
} from "@/server/log";
import { captureLogs, type CapturedLogs } from "@/test/logs";

const KEY = "af_live_k3y9pref_abcdefghijklmnopqrstuvwxyz012345";
const TEST_KEY = "af_test_0a1b2c3d_zyxwvutsrqponmlkjihgfedcba987654";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";

type Logged = {
  msg: string;
  err: { message: string; stack: string };
  request: { headers: Record<string, string> };
  body: unknown;
  apiKey: string;
  apiKeyId: string;
};

let logs: CapturedLogs | undefined;
afterEach(() => logs?.restore());

describe("secrets never reach a log line", () => {
  it("keys and tokens in messages, errors, stacks, nested values and headers are scrubbed", () => {
    logs = captureLogs();
    const error = new Error(`upstream refused Authorization: Bearer ${TOKEN} for ${KEY}`);
    log({ apiKeyId: "key_1" }).error(
      {
        err: error,
        request: {
          headers: {
            authorization: `Bearer ${TOKEN}`,
            cookie: `af_session=v1.payload.signature; theme=dark`,
            "x-api-key": TEST_KEY,
          },
        },
        body: { note: `pasted ${TEST_KEY} by mistake`, list: [KEY] },
        apiKey: KEY,
      },
      `call with ${KEY} failed`,
    );
    log().warn(`cookie header was af_session=v1.abc.def and __session=${TOKEN}`);

    const output = logs.lines.join("");
    for (const secret of [KEY, TEST_KEY, TOKEN, "v1.payload.signature", "v1.abc.def"]) {
      expect(output).not.toContain(secret);
    }
    const [line, cookieLine] = logs.records() as [Logged, Logged];
    expect(line.msg).toBe("call with af_live_[REDACTED] failed");
    expect(line.err.message).toBe(
      "upstream refused Authorization: Bearer [REDACTED] for af_live_[REDACTED]",
    );
    expect(line.err.stack).toContain("Bearer [REDACTED]");
    expect(line.request.headers).toEqual({
      authorization: "[REDACTED]",
      cookie: "[REDACTED]",
      "x-api-key": "[REDACTED]",
    });
    expect(line.body).toEqual({
      note: "pasted af_test_[REDACTED] by mistake",
      list: ["af_live_[REDACTED]"],
    });
    expect(line.apiKey).toBe("[REDACTED]");
    // What identifies a key without being one stays.
    expect(line.apiKeyId).toBe("key_1");
    expect(cookieLine.msg).toBe("cookie header was af_session=[REDACTED] and __session=[REDACTED]");
  });

  it("scrubSecrets leaves ordinary text alone", () => {
    expect(scrubSecrets("Bearer-less text about af_ prefixes")).toBe(
      "Bearer-less text about af_ prefixes",
    );
    expect(scrubSecrets(`key=${KEY}`)).toBe("key=af_live_[REDACTED]");
    expect(scrubSecrets("authorization: bearer abc.def")).toBe("authorization: bearer [REDACTED]");
  });
});

describe("context", () => {
  it("every line of a request carries its id, organization and actor, however deep", async () => {
    logs = captureLogs();
    await withLogContext({ requestId: "req-12345678" }, async () => {
      addLogContext(
        actorLogContext({ type: "apiKey", apiKeyId: "key_9", orgId: "org_1", permissions: [] }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1));
      log({ executionId: "exe_1" }).info("turn started");
      expect(logContext()).toEqual({
        requestId: "req-12345678",
        orgId: "org_1",
        actorType: "apiKey",
        actorId: "key_9",
      });
    });
    log().info("outside any request");
    const [inside, outside] = logs.records();
    expect(inside).toMatchObject({
      level: "info",
      msg: "turn started",
      requestId: "req-12345678",
      orgId: "org_1",
      actorType: "apiKey",
      actorId: "key_9",
      executionId: "exe_1",
    });
    expect(outside).not.toHaveProperty("requestId");
    expect(typeof inside!.time).toBe("string");
  });

  it("two requests at once keep their own context", async () => {
    logs = captureLogs();
    await Promise.all(
      ["a", "b"].map((name) =>
        withLogContext({ requestId: `req-${name}-1234567` }, async () => {
          addLogContext({ orgId: `org_${name}` });
          await new Promise((resolve) => setTimeout(resolve, name === "a" ? 5 : 1));
          log().info(name);
        }),
      ),
    );
    const byMsg = Object.fromEntries(logs.records().map((line) => [line.msg, line]));
    expect(byMsg.a).toMatchObject({ requestId: "req-a-1234567", orgId: "org_a" });
    expect(byMsg.b).toMatchObject({ requestId: "req-b-1234567", orgId: "org_b" });
  });
});

describe("level", () => {
  it("is silent under Vitest unless LOG_LEVEL or the test asks", () => {
    expect(createLogger().level).toBe(env().LOG_LEVEL ?? "silent");
    const lines: string[] = [];
    const warnOnly = createLogger({
      level: "warn",
      destination: { write: (line) => void lines.push(line) },
    });
    warnOnly.info("dropped");
    warnOnly.warn("kept");
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(["kept"]);
  });

  it("LOG_LEVEL is one of pino's levels; blank is unset", () => {
    expect(parseEnv({ LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
    expect(parseEnv({ LOG_LEVEL: " " }).LOG_LEVEL).toBeUndefined();
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});
