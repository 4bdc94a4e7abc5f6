import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { NextResponse, type NextRequest } from "next/server";
import { authMode } from "@/server/auth/mode";
import { env } from "@/server/env";

// In Clerk mode every request passes through Clerk's middleware, which verifies the session
// token with CLERK_JWT_KEY (no network) and protects the dashboard. With local development auth
// there is nothing to verify here: pages and procedures check the signed session cookie.

const isPublic = createRouteMatcher([
  "/sign-in(.*)",
  "/sign-up(.*)",
  "/health",
  "/v1/(.*)",
  "/api/webhooks/(.*)",
  "/api/inngest(.*)",
  "/api/trpc/(.*)",
]);

function clerkProxy() {
  const e = env();
  return clerkMiddleware(
    async (auth, request) => {
      if (!isPublic(request)) await auth.protect();
    },
    {
      // The keys themselves come from the environment (passing secretKey here would make Clerk
      // require CLERK_ENCRYPTION_KEY); jwtKey must be passed or every request fetches JWKS.
      jwtKey: e.CLERK_JWT_KEY,
      signInUrl: "/sign-in",
      signUpUrl: "/sign-up",
      ...(e.CLERK_AUTHORIZED_PARTIES && {
        authorizedParties: e.CLERK_AUTHORIZED_PARTIES.split(",").map((party) => party.trim()),
      }),
    },
  );
}

const passThrough = (_request: NextRequest) => NextResponse.next();

export default authMode() === "clerk" ? clerkProxy() : passThrough;

export const config = {
  matcher: [
    // Everything but Next internals and static files, as Clerk recommends.
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
