import { isUniqueViolation } from "@/server/db/errors";
import { auth } from "@clerk/nextjs/server";
import { Prisma } from "@/generated/prisma/client";
import { clerkIssuer } from "@/server/auth/clerk-issuer";
import type { Session } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import {
  ensurePersonalWorkspace,
  mapClerkRole,
  upsertClerkMembership,
  upsertClerkUser,
} from "@/server/auth/clerk-sync";

type Claims = { email?: unknown; name?: unknown; iss?: unknown; iat?: unknown };
export type ClerkAuth = {
  userId: string;
  orgId?: string | null;
  orgRole?: string | null;
  orgSlug?: string | null;
  /** When the token was issued (`iat`): the Clerk state it carries is from then. */
  issuedAt: Date;
  claims: Claims;
};

/** What `auth()` of Clerk's SDK gives, as far as we read it. */
export type ClerkAuthObject = {
  userId: string | null;
  orgId?: string | null;
  orgRole?: string | null;
  orgSlug?: string | null;
  sessionClaims?: Record<string, unknown> | null;
};

/**
 * The verified session of `auth()` as we use it, or null (signed out). Clerk verified the
 * token's signature; it must also be a token of our instance: its `iss` is the issuer the
 * publishable key names (a token of another instance signed with a key we trust is refused),
 * and it must say when it was issued.
 */
export function clerkAuthFrom(
  session: ClerkAuthObject,
  publishableKey: string | undefined,
): ClerkAuth | null {
  if (!session.userId) return null;
  const claims = (session.sessionClaims ?? {}) as Claims;
  const issuer = clerkIssuer(publishableKey);
  if (!issuer || claims.iss !== issuer) return null;
  if (typeof claims.iat !== "number" || !Number.isFinite(claims.iat)) return null;
  return {
    userId: session.userId,
    orgId: session.orgId,
    orgRole: session.orgRole,
    orgSlug: session.orgSlug,
    issuedAt: new Date(claims.iat * 1000),
    claims,
  };
}

/**
 * The Clerk session of this request in our ids. The first request of a new user or organization
 * provisions them (the webhook may come later); the active organization is Clerk's active
 * organization, or the user's personal workspace when none is active.
 */
export async function resolveClerkSession(db: Db): Promise<Session | null> {
  const clerk = clerkAuthFrom(await auth(), env().NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  return clerk ? sessionForClerkAuth(db, clerk) : null;
}

/** Known user, organization and role: no writes at all (the path of almost every request). */
async function knownSession(db: Db, clerk: ClerkAuth): Promise<Session | null> {
  const user = await db.user.findUnique({
    where: { clerkUserId: clerk.userId },
    select: { id: true },
  });
  if (!user) return null;
  if (!clerk.orgId) {
    const first = await db.membership.findFirst({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
    });
    return first ? { userId: user.id, orgId: first.organizationId } : null;
  }
  const membership = await db.membership.findFirst({
    where: { userId: user.id, organization: { clerkOrgId: clerk.orgId } },
    select: { organizationId: true, role: true },
  });
  if (!membership || membership.role !== mapClerkRole(clerk.orgRole)) return null;
  return { userId: user.id, orgId: membership.organizationId };
}

export async function sessionForClerkAuth(db: Db, clerk: ClerkAuth): Promise<Session> {
  const known = await knownSession(db, clerk);
  if (known) return known;
  // Several requests of a new user arrive at once (the page and its data): provisioning takes a
  // per-user lock so they create one user and one workspace. A webhook creating the same
  // organization at the same moment surfaces as a unique violation: try again, then it exists.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`clerk-user:${clerk.userId}`}))`;
        return provision(tx, clerk);
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

async function provision(tx: Prisma.TransactionClient, clerk: ClerkAuth): Promise<Session> {
  const userData = {
    clerkUserId: clerk.userId,
    email: typeof clerk.claims.email === "string" ? clerk.claims.email : null,
    name: typeof clerk.claims.name === "string" ? clerk.claims.name : null,
  };
  const user =
    (await tx.user.findUnique({ where: { clerkUserId: clerk.userId } })) ??
    (await upsertClerkUser(tx, userData));
  // A deleted user gets nothing provisioned (and no access: the procedures refuse them).
  if (user.deletedAt) return { userId: user.id, orgId: null };
  if (!clerk.orgId) return { userId: user.id, orgId: await ensurePersonalWorkspace(tx, user) };
  const organization = await tx.organization.findUnique({ where: { clerkOrgId: clerk.orgId } });
  // New organization or membership, or a role changed in Clerk: the token says so, unless it
  // is older than what we know. A token issued before the membership was removed, or before
  // its role last changed, brings neither back (upsertClerkMembership compares the times).
  const membership = await upsertClerkMembership(tx, {
    organization: {
      clerkOrgId: clerk.orgId,
      name: organization?.name ?? clerk.orgSlug ?? clerk.orgId,
      slug: organization?.slug ?? clerk.orgSlug,
    },
    user: userData,
    role: clerk.orgRole ?? "org:member",
    changedAt: clerk.issuedAt,
  });
  return { userId: user.id, orgId: membership?.organizationId ?? null };
}
