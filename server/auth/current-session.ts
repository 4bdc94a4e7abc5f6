import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { resolveRequestSession } from "@/server/auth/session";
import { getDb } from "@/server/db/client";
import { getCurrentUser } from "@/server/services/users";

/**
 * The session of the page request being rendered, resolved once per request: the layout and
 * every server-side prefetch (lib/trpc/server.tsx) share it, rather than each verifying the
 * credential (and, with Clerk, looking the user up) again.
 */
export const requestSession = cache(async () => resolveRequestSession(getDb(), await headers()));

/**
 * The signed-in user of a page request with their organizations, or null when nobody is signed
 * in (or the user was deleted). The active organization is null when the session names one the
 * user no longer belongs to.
 */
export const currentAccount = cache(async () => {
  const db = getDb();
  const session = await requestSession();
  if (!session) return null;
  const user = await getCurrentUser({ db }, session.userId).catch(() => null);
  if (!user) return null;
  const active =
    user.organizations.find((organization) => organization.id === session.orgId) ?? null;
  return { user, active };
});

/**
 * The account of a dashboard page, or a redirect to sign in. The layout and each page call it
 * (once per request thanks to `cache`): Next renders a page beside its layout, so a page that
 * prefetched without it would run its queries for nobody while the layout redirects.
 */
export async function requireAccount() {
  const account = await currentAccount();
  if (!account) redirect("/sign-in");
  return account;
}
