import { createSign, generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// A throw-away RSA-2048 key pair for the Clerk-mode browser tests: the server verifies session
// tokens with the public key (CLERK_JWT_KEY, no network), the tests mint tokens with the private
// key. Playwright evaluates its config in every process, so the pair is generated once per run
// into .data/ (ignored by git) and read back from there.

const KEY_FILE = path.resolve(".data/e2e-clerk-keys.json");

export const CLERK_FRONTEND_API = "agentforge-e2e.clerk.accounts.dev";
/** A syntactically valid publishable key naming that frontend API (docs/offline.md). */
export const CLERK_PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${CLERK_FRONTEND_API}$`).toString("base64")}`;

export function clerkTestKeys(): { publicKey: string; privateKey: string } {
  if (existsSync(KEY_FILE)) return JSON.parse(readFileSync(KEY_FILE, "utf8"));
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  mkdirSync(path.dirname(KEY_FILE), { recursive: true });
  writeFileSync(KEY_FILE, JSON.stringify({ publicKey, privateKey }));
  return { publicKey, privateKey };
}

export type ClerkClaims = {
  userId: string;
  org?: { id: string; role: "admin" | "member"; slug: string };
  email?: string;
  name?: string;
};

/** A Clerk v2 session token, signed like Clerk signs them (RS256). */
export function mintSessionToken(
  claims: ClerkClaims,
  origin: string,
  now = Math.floor(Date.now() / 1000),
): string {
  const header = { alg: "RS256", typ: "JWT", kid: "ins_e2e" };
  const payload = {
    sub: claims.userId,
    sid: `sess_${claims.userId}`,
    iat: now - 5,
    nbf: now - 5,
    exp: now + 3600,
    azp: origin,
    iss: `https://${CLERK_FRONTEND_API}`,
    v: 2,
    ...(claims.email && { email: claims.email }),
    ...(claims.name && { name: claims.name }),
    ...(claims.org && { o: { id: claims.org.id, rol: claims.org.role, slg: claims.org.slug } }),
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256")
    .update(unsigned)
    .sign(clerkTestKeys().privateKey, "base64url");
  return `${unsigned}.${signature}`;
}
