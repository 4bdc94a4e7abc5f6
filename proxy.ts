import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextProxy, type NextRequest } from "next/server";
import { clerkIssuer } from "@/server/auth/clerk-issuer";
import { authMode } from "@/server/auth/mode";
import { env } from "@/server/env";
import { REQUEST_ID_HEADER, requestIdOf } from "@/server/http/request-id";
import {
  clerkFrontendApi,
  contentSecurityPolicy,
  createNonce,
  CSP_HEADER,
  NONCE_HEADER,
} from "@/server/http/security-headers";

// Every request (but static files and the public API) passes here. It gets a fresh CSP nonce
// and a request id: both go on the request (Next reads the nonce out of the request's
// Content-Security-Policy header and puts it on its scripts; the root layout reads `x-nonce`
// for the theme script; route handlers log with the id) and on the response. In Clerk mode,
// Clerk's middleware also verifies the session token with CLERK_JWT_KEY (no network) and
// protects the dashboard. With local development auth there is nothing to verify here: pages
// and procedures check the signed session cookie.
//
// The public API (`/v1/...`) does not come here: its answers are JSON and event streams that no
// browser renders, so they need no nonce, and a proxy pass costs each request about half a
// millisecond of the server's CPU (a copy of the request's headers, a second response to merge).
// next.config.ts gives those answers a fixed policy that allows nothing; the /v1 frame
// (server/auth/public-api.ts) gives each its request id.

const isPublic = createRouteMatcher([
  "/sign-in(.*)",
  "/sign-up(.*)",
  "/health",
  "/api/webhooks/(.*)",
  "/api/inngest(.*)",
  "/api/trpc/(.*)",
]);

function policy(nonce: string): string {
  const e = env();
  return contentSecurityPolicy({
    nonce,
    development: e.NODE_ENV === "development",
    clerkFrontendApi:
      authMode() === "clerk" ? clerkFrontendApi(e.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) : null,
  });
}

/** Continue to the page or route with the nonce and request id on request and response. */
function secured(request: NextRequest): NextResponse {
  const nonce = createNonce();
  const csp = policy(nonce);
  const requestId = requestIdOf(request.headers);
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set(CSP_HEADER, csp);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(CSP_HEADER, csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/** Clerk's own responses (handshake and sign-in redirects) get the headers too. */
function withHeaders(request: NextRequest, response: Response): Response {
  if (response.headers.has(CSP_HEADER)) return response;
  const headers = new Headers(response.headers);
  headers.set(CSP_HEADER, policy(createNonce()));
  headers.set(REQUEST_ID_HEADER, requestIdOf(request.headers));
  // A copy: the headers of a Response made with Response.redirect() cannot be changed.
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function clerkProxy() {
  const e = env();
  const clerk = clerkMiddleware(
    async (auth, request) => {
      if (!isPublic(request)) await auth.protect();
      return secured(request);
    },
    {
      // The keys themselves come from the environment (passing secretKey here would make Clerk
      // require CLERK_ENCRYPTION_KEY); jwtKey must be passed or every request fetches JWKS.
      jwtKey: e.CLERK_JWT_KEY,
      // Only tokens of our instance (server/auth/clerk-session.ts checks it again).
      issuer: clerkIssuer(e.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) ?? undefined,
      signInUrl: "/sign-in",
      signUpUrl: "/sign-up",
      ...(e.CLERK_AUTHORIZED_PARTIES && {
        authorizedParties: e.CLERK_AUTHORIZED_PARTIES.split(",").map((party) => party.trim()),
      }),
    },
  );
  return async (request: NextRequest, event: NextFetchEvent) => {
    const response = await clerk(request, event);
    return response ? withHeaders(request, response) : secured(request);
  };
}

const localProxy = (request: NextRequest) => secured(request);

const proxy: NextProxy = authMode() === "clerk" ? clerkProxy() : localProxy;
export default proxy;

export const config = {
  matcher: [
    // Everything but Next internals and static files, as Clerk recommends, and the public API.
    "/((?!_next|v1/|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
