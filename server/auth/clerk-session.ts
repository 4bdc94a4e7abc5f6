import { auth } from "@clerk/nextjs/server";
import type { Session } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import {
  ensurePersonalWorkspace,
  mapClerkRole,
  upsertClerkMembership,
  upsertClerkUser,
} from "@/server/auth/clerk-sync";

type Claims = { email?: unknown; name?: unknown };

/**
 * The Clerk session of this request in our ids. The first request of a new user or organization
 * provisions them (the webhook may come later); the active organization is Clerk's active
 * organization, or the user's personal workspace when none is active.
 */
export async function resolveClerkSession(db: Db): Promise<Session | null> {
  const { userId, orgId, orgRole, orgSlug, sessionClaims } = await auth();
  if (!userId) return null;
  const claims = (sessionClaims ?? {}) as Claims;
  const userData = {
    clerkUserId: userId,
    email: typeof claims.email === "string" ? claims.email : null,
    name: typeof claims.name === "string" ? claims.name : null,
  };
  return db.$transaction(async (tx) => {
    const known = await tx.user.findUnique({ where: { clerkUserId: userId } });
    const user = known ?? (await upsertClerkUser(tx, userData));
    if (!orgId) return { userId: user.id, orgId: await ensurePersonalWorkspace(tx, user) };
    const organization = await tx.organization.findUnique({ where: { clerkOrgId: orgId } });
    const membership = organization
      ? await tx.membership.findUnique({
          where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
        })
      : null;
    if (organization && membership && membership.role === mapClerkRole(orgRole)) {
      return { userId: user.id, orgId: organization.id };
    }
    // New organization or membership, or a role changed in Clerk: the token is authoritative.
    const synced = await upsertClerkMembership(tx, {
      organization: {
        clerkOrgId: orgId,
        name: organization?.name ?? orgSlug ?? orgId,
        slug: organization?.slug ?? orgSlug,
      },
      user: userData,
      role: orgRole ?? "org:member",
    });
    return { userId: user.id, orgId: synced.organizationId };
  });
}
