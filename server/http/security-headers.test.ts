import { generateKeyPairSync } from "node:crypto";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import proxy from "@/proxy";
import {
  clerkFrontendApi,
  contentSecurityPolicy,
  createNonce,
} from "@/server/http/security-headers";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("content security policy", () => {
  it("runs scripts by nonce only: no inline scripts, no eval outside development", () => {
    const nonce = createNonce();
    const policy = directives(contentSecurityPolicy({ nonce, development: false }));
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);

    const dev = directives(contentSecurityPolicy({ nonce, development: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("nonces are fresh, 16 random bytes, and valid in a policy", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      // The pattern Next uses to find the nonce in the request's policy.
      expect(`'nonce-${nonce}'`).toMatch(/^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/);
    }
  });

  it("in Clerk mode allows Clerk's Frontend API, images and challenge frame", () => {
    const key = `pk_test_${Buffer.from("example.clerk.accounts.dev$").toString("base64")}`;
    expect(clerkFrontendApi(key)).toBe("example.clerk.accounts.dev");
    expect(clerkFrontendApi("pk_test_bm90LWEta2V5")).toBeNull();
    expect(clerkFrontendApi(undefined)).toBeNull();
    expect(
      clerkFrontendApi(`pk_live_${Buffer.from("evil.example; script-src *$").toString("base64")}`),
    ).toBeNull();
    const policy = directives(
      contentSecurityPolicy({
        nonce: createNonce(),
        development: false,
        clerkFrontendApi: "example.clerk.accounts.dev",
      }),
    );
    expect(policy.get("connect-src")).toContain("https://example.clerk.accounts.dev");
    expect(policy.get("img-src")).toContain("https://img.clerk.com");
    expect(policy.get("frame-src")).toContain("https://challenges.cloudflare.com");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  });
});

describe("proxy (local auth)", () => {
  const run = async (request: NextRequest) => (await proxy(request, {} as NextFetchEvent))!;

  it("gives each request its own nonce and request id, on the request and the response", async () => {
    const first = await run(new NextRequest("http://app.test/agents"));
    const second = await run(new NextRequest("http://app.test/agents"));
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    // NextResponse.next({ request: { headers } }) carries the request's new headers like this.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    const requestId = first.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get("x-middleware-request-x-request-id")).toBe(requestId);
    const given = await run(
      new NextRequest("http://app.test/", { headers: { "x-request-id": "lb-0123456789" } }),
    );
    expect(given.headers.get("x-request-id")).toBe("lb-0123456789");
  });
});

describe("next.config headers", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function configHeaders() {
    const { default: config } = await import("@/next.config");
    const [rule] = await config.headers!();
    return { source: rule!.source, headers: new Map(rule!.headers.map((h) => [h.key, h.value])) };
  }

  it("apply to every path: nosniff, referrer policy, no framing; HSTS in production only", async () => {
    const { source, headers } = await configHeaders();
    expect(source).toBe("/:path*");
    expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("X-Frame-Options")).toBe("DENY");
    expect(headers.has("Strict-Transport-Security")).toBe(false);

    vi.resetModules();
    vi.stubEnv("NODE_ENV", "production");
    const production = await configHeaders();
    expect(production.headers.get("Strict-Transport-Security")).toBe(
      "max-age=63072000; includeSubDomains",
    );
  });
});

describe("proxy (Clerk mode)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("keeps Clerk's protection and adds the policy, to pages it passes and redirects it makes", async () => {
    const publicKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
    const frontendApi = "agentforge-test.clerk.accounts.dev";
    vi.stubEnv(
      "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
      `pk_test_${Buffer.from(`${frontendApi}$`).toString("base64")}`,
    );
    vi.stubEnv("CLERK_SECRET_KEY", "sk_test_not_a_real_key");
    vi.stubEnv("CLERK_JWT_KEY", publicKey);
    vi.stubEnv("CLERK_TELEMETRY_DISABLED", "1");
    vi.resetModules();
    const { default: clerkProxy } = await import("@/proxy");
    const run = async (path: string) =>
      (await clerkProxy(
        new NextRequest(`http://localhost:3000${path}`, {
          // A development instance's browser token: without it Clerk answers with a handshake.
          headers: {
            accept: "text/html",
            "sec-fetch-dest": "document",
            cookie: "__clerk_db_jwt=dvb_test",
          },
        }),
        {
          waitUntil: () => undefined,
        } as unknown as NextFetchEvent,
      ))!;

    const signIn = await run("/sign-in");
    const csp = signIn.headers.get("content-security-policy")!;
    expect(csp).toContain(`connect-src 'self' https://${frontendApi}`);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(signIn.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(signIn.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // Without the browser token, Clerk's handshake redirect gets the headers too.
    const handshake = await clerkProxy(
      new NextRequest("http://localhost:3000/sign-in", {
        headers: { accept: "text/html", "sec-fetch-dest": "document" },
      }),
      { waitUntil: () => undefined } as unknown as NextFetchEvent,
    );
    expect(handshake!.headers.get("location")).toContain(`https://${frontendApi}/`);
    expect(handshake!.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);

    // Signed out on a dashboard page: Clerk still sends the visitor to sign in.
    const dashboard = await run("/agents");
    expect(dashboard.status).toBeGreaterThanOrEqual(300);
    expect(dashboard.status).toBeLessThan(400);
    expect(dashboard.headers.get("location")).toContain("/sign-in");
    expect(dashboard.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });
});
