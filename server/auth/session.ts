import type { UserActor } from "@/server/auth/actor";
import { readLocalSession } from "@/server/auth/local-session";
import { authMode } from "@/server/auth/mode";
import type { Db } from "@/server/db/client";
import type { DbClient } from "@/server/services/context";

/** Who is signed in, from a verified credential, in our own ids. */
export type Session = { userId: string; orgId: string | null };

/** The session of a request: the local cookie, or the Clerk session (provisioned on first use). */
export async function resolveRequestSession(db: Db, headers: Headers): Promise<Session | null> {
  if (authMode() === "local") return readLocalSession(headers);
  // Loaded lazily: Clerk's server helpers only work inside a Next request with its proxy.
  const { resolveClerkSession } = await import("@/server/auth/clerk-session");
  return resolveClerkSession(db);
}

/** A signed-in user that exists and is not soft-deleted (SPEC §2: a deleted user has no access). */
export async function loadActiveUser(db: DbClient, userId: string) {
  return db.user.findFirst({ where: { id: userId, deletedAt: null } });
}

/** The user's actor in an organization they belong to, with their active role assignments. */
export async function buildUserActor(
  db: DbClient,
  userId: string,
  orgId: string,
): Promise<UserActor | null> {
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId: orgId } },
    select: { role: true },
  });
  if (!membership) return null;
  const assignments = await db.userRole.findMany({
    where: {
      userId,
      organizationId: orgId,
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    select: { roleId: true },
  });
  return {
    type: "user",
    userId,
    orgId,
    orgRole: membership.role,
    roleIds: [...new Set(assignments.map((assignment) => assignment.roleId))],
  };
}
