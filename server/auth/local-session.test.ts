import { describe, expect, it } from "vitest";
import {
  decodeLocalSession,
  encodeLocalSession,
  readLocalSession,
} from "@/server/auth/local-session";

describe("local session cookie", () => {
  const now = Date.UTC(2026, 10, 27);

  it("round-trips the user and organization", () => {
    const value = encodeLocalSession({ userId: "u1", orgId: "o1" }, now);
    expect(decodeLocalSession(value, now + 1000)).toEqual({ userId: "u1", orgId: "o1" });
    const headers = new Headers({ cookie: `theme=dark; af_session=${encodeURIComponent(value)}` });
    expect(readLocalSession(headers)).toEqual({ userId: "u1", orgId: "o1" });
  });

  it("rejects a tampered payload, a forged signature, another version and an expired cookie", () => {
    const value = encodeLocalSession({ userId: "u1", orgId: "o1" }, now);
    const [version, payload, signature] = value.split(".");
    const otherPayload = Buffer.from(JSON.stringify({ u: "admin", o: "o1", exp: 9e9 })).toString(
      "base64url",
    );
    expect(decodeLocalSession(`${version}.${otherPayload}.${signature}`, now)).toBeNull();
    expect(
      decodeLocalSession(`${version}.${payload}.${"A".repeat(signature!.length)}`, now),
    ).toBeNull();
    expect(decodeLocalSession(`v2.${payload}.${signature}`, now)).toBeNull();
    expect(decodeLocalSession(value, now + 31 * 24 * 3600 * 1000)).toBeNull();
    expect(decodeLocalSession("garbage", now)).toBeNull();
    expect(readLocalSession(new Headers())).toBeNull();
  });

  it("treats a malformed cookie as signed out instead of throwing", () => {
    const value = encodeLocalSession({ userId: "u1", orgId: "o1" }, Date.now());
    for (const cookie of [
      "af_session=%E0%A4%A", // not percent-decodable: decodeURIComponent throws
      `af_session=${encodeURIComponent(value)}%`,
      "af_session=",
      "af_session",
      `af_session=v1.${Buffer.from("null").toString("base64url")}.x`,
      "af_session=v1.%ZZ.sig",
    ]) {
      expect(() => readLocalSession(new Headers({ cookie })), cookie).not.toThrow();
      expect(readLocalSession(new Headers({ cookie })), cookie).toBeNull();
    }
  });
});
