// The Content Security Policy of every response proxy.ts sees. Scripts run only with the
// request's nonce ('strict-dynamic' lets those scripts load Next's chunks and Clerk's script):
// Next reads the nonce from the policy on the request and puts it on its own scripts, the root
// layout puts it on the theme script, Clerk's provider on its script. No 'unsafe-inline' for
// scripts; 'unsafe-eval' only under `next dev` (React rebuilds server error stacks with eval).
// Styles allow inline: React renders `style` attributes and Clerk injects its styles at run time.
// The headers that never change (nosniff, Referrer-Policy, HSTS) are in next.config.ts, which
// also covers the static files the proxy skips.

export const NONCE_HEADER = "x-nonce";
export const CSP_HEADER = "content-security-policy";

export type PolicyOptions = {
  nonce: string;
  /** `next dev`: adds 'unsafe-eval' and the dev server's WebSocket. */
  development: boolean;
  /** Clerk's Frontend API host (Clerk mode), e.g. `example.clerk.accounts.dev`. */
  clerkFrontendApi?: string | null;
};

/** 16 random bytes, base64: unguessable, and a valid CSP nonce source. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function contentSecurityPolicy({
  nonce,
  development,
  clerkFrontendApi,
}: PolicyOptions): string {
  const clerk = clerkFrontendApi ? `https://${clerkFrontendApi}` : null;
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    [
      "script-src",
      ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:", ...(clerk ? ["https://img.clerk.com"] : [])]],
    ["font-src", ["'self'"]],
    [
      "connect-src",
      [
        "'self'",
        ...(clerk ? [clerk, "https://clerk-telemetry.com", "https://*.clerk-telemetry.com"] : []),
        ...(development ? ["ws:"] : []),
      ],
    ],
    // Clerk's bot protection runs in a Cloudflare Turnstile frame.
    ["frame-src", ["'self'", ...(clerk ? ["https://challenges.cloudflare.com"] : [])]],
    ["worker-src", ["'self'", "blob:"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");
}

/** The Frontend API host a Clerk publishable key names (`pk_test_<base64 of "host$">`). */
export function clerkFrontendApi(publishableKey: string | undefined): string | null {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  if (!decoded.endsWith("$")) return null;
  const host = decoded.slice(0, -1);
  return /^[A-Za-z0-9.-]+(?::\d+)?$/.test(host) ? host : null;
}
