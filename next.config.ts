import type { NextConfig } from "next";

// Headers of every response, static files included. The Content Security Policy, which needs a
// fresh nonce per request, is set by proxy.ts (server/http/security-headers.ts), but for the
// public API, which proxy.ts does not see.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // The origin only, never the path, to other sites. Not `no-referrer`: browsers then send
  // `Origin: null` on form posts, which the origin checks would refuse.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Older browsers that do not know the policy's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // Production builds only: a browser that got it over HTTPS refuses plain HTTP to that host, on
  // every port, for two years; `next dev` on https://localhost must not do that to other servers.
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

// The public API's answers (JSON and event streams, never rendered) pass no proxy, so they get no
// per-request nonce; a policy that allows nothing at all is the one an API answer should carry.
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const nextConfig: NextConfig = {
  // Loaded by Node at run time instead of bundled: PGlite reads its wasm and data files relative
  // to its own module, and pg has optional native bindings.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      {
        source: "/v1/:path*",
        headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default nextConfig;
