import type { OrgRole } from "@/generated/prisma/client";
import type { UserActor } from "@/server/auth/actor";
import { readLocalSession } from "@/server/auth/local-session";
import { authMode } from "@/server/auth/mode";
import type { Db, DbClient } from "@/server/db/client";

/** Who is signed in, from a verified credential, in our own ids. */
export type Session = { userId: string; orgId: string | null };

/** The session of a request: the local cookie, or the Clerk session (provisioned on first use). */
export async function resolveRequestSession(db: Db, headers: Headers): Promise<Session | null> {
  if (authMode() === "local") return readLocalSession(headers);
  // Loaded lazily: Clerk's server helpers only work inside a Next request with its proxy.
  const { resolveClerkSession } = await import("@/server/auth/clerk-session");
  return resolveClerkSession(db);
}

/** A signed-in user that exists and is not soft-deleted (a deleted user has no access; docs/identity.md). */
export async function loadActiveUser(db: DbClient, userId: string) {
  return db.user.findFirst({ where: { id: userId, deletedAt: null } });
}

/**
 * The user's actor in an organization they belong to. One query reads the membership and the
 * organization's permissions version (the policy context is cached against it).
 */
export async function buildUserActor(
  db: DbClient,
  userId: string,
  orgId: string,
): Promise<UserActor | null> {
  const [membership] = await db.$queryRaw<{ role: OrgRole; permissionsVersion: number }[]>`
    SELECT m."role"::text AS "role", o."permissionsVersion"
    FROM "memberships" m JOIN "organizations" o ON o."id" = m."organizationId"
    WHERE m."userId" = ${userId} AND m."organizationId" = ${orgId}`;
  if (!membership) return null;
  return {
    type: "user",
    userId,
    orgId,
    orgRole: membership.role,
    permissionsVersion: membership.permissionsVersion,
  };
}
