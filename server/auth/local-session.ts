import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";

// Local development auth: the session is a signed, httpOnly cookie naming the user and the
// active organization. The signature makes it tamper-proof; it carries no other secret.

export const LOCAL_SESSION_COOKIE = "af_session";
const MAX_AGE_SECONDS = 60 * 60 * 24 * 30;
// Only for development: production with local auth requires LOCAL_AUTH_SECRET (server/auth/mode.ts).
const DEVELOPMENT_SECRET = "agentforge-local-development-secret";

export type LocalSession = { userId: string; orgId: string | null };

function secret(): string {
  return env().LOCAL_AUTH_SECRET ?? DEVELOPMENT_SECRET;
}

function sign(payload: string): string {
  return createHmac("sha256", secret()).update(payload).digest("base64url");
}

export function encodeLocalSession(session: LocalSession, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({
      u: session.userId,
      o: session.orgId,
      exp: Math.floor(now / 1000) + MAX_AGE_SECONDS,
    }),
  ).toString("base64url");
  return `v1.${payload}.${sign(payload)}`;
}

export function decodeLocalSession(
  value: string | undefined,
  now = Date.now(),
): LocalSession | null {
  if (!value) return null;
  const [version, payload, signature] = value.split(".");
  if (version !== "v1" || !payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      u?: unknown;
      o?: unknown;
      exp?: unknown;
    };
    if (typeof data.u !== "string" || typeof data.exp !== "number") return null;
    if (data.exp * 1000 <= now) return null;
    return { userId: data.u, orgId: typeof data.o === "string" ? data.o : null };
  } catch {
    return null;
  }
}

/** Cookie attributes; `secure` when the request came over HTTPS. */
export function localSessionCookie(value: string, secure: boolean) {
  return {
    name: LOCAL_SESSION_COOKIE,
    value,
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure,
    maxAge: MAX_AGE_SECONDS,
  };
}

/** The value as a browser sends it: percent-decoded, or null when that is malformed (`%E0%A4%A`). */
function cookieValue(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Reads the session cookie out of a Cookie header; anything malformed is signed out. */
export function readLocalSession(headers: Headers): LocalSession | null {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === LOCAL_SESSION_COOKIE) {
      const value = cookieValue(rest.join("="));
      return value === null ? null : decodeLocalSession(value);
    }
  }
  return null;
}
