import { env, type Env } from "@/server/env";

export type AuthMode = "clerk" | "local";

/** Clerk is configured when its publishable and secret keys are set. */
export function clerkConfigured(e: Env = env()): boolean {
  return Boolean(e.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && e.CLERK_SECRET_KEY);
}

/**
 * Clerk when configured, local development auth otherwise (docs/identity.md). Local auth trusts whoever
 * picks a user on the sign-in page, so production refuses it unless AUTH_MODE=local says so
 * explicitly (and then it needs its own cookie secret).
 */
export function authMode(e: Env = env()): AuthMode {
  if (e.AUTH_MODE === "clerk") {
    if (!clerkConfigured(e)) {
      throw new Error(
        "AUTH_MODE=clerk needs NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY",
      );
    }
    return "clerk";
  }
  if (e.AUTH_MODE !== "local" && clerkConfigured(e)) return "clerk";
  // `next build` runs with NODE_ENV=production but serves nobody: the refusal is for servers.
  if (e.NEXT_PHASE === "phase-production-build") return "local";
  if (e.NODE_ENV === "production" && e.AUTH_MODE !== "local") {
    throw new Error(
      "Clerk is not configured and local development auth is refused with NODE_ENV=production. " +
        "Configure Clerk, or set AUTH_MODE=local (and LOCAL_AUTH_SECRET) to run with local auth on purpose.",
    );
  }
  if (e.NODE_ENV === "production" && !e.LOCAL_AUTH_SECRET) {
    throw new Error(
      "AUTH_MODE=local with NODE_ENV=production needs LOCAL_AUTH_SECRET to sign sessions",
    );
  }
  return "local";
}
