import { auth } from "@clerk/nextjs/server";
import { Prisma } from "@/generated/prisma/client";
import type { Session } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import {
  ensurePersonalWorkspace,
  mapClerkRole,
  upsertClerkMembership,
  upsertClerkUser,
} from "@/server/auth/clerk-sync";

type Claims = { email?: unknown; name?: unknown };
type ClerkAuth = {
  userId: string;
  orgId?: string | null;
  orgRole?: string | null;
  orgSlug?: string | null;
  claims: Claims;
};

/**
 * The Clerk session of this request in our ids. The first request of a new user or organization
 * provisions them (the webhook may come later); the active organization is Clerk's active
 * organization, or the user's personal workspace when none is active.
 */
export async function resolveClerkSession(db: Db): Promise<Session | null> {
  const { userId, orgId, orgRole, orgSlug, sessionClaims } = await auth();
  if (!userId) return null;
  return sessionForClerkAuth(db, {
    userId,
    orgId,
    orgRole,
    orgSlug,
    claims: (sessionClaims ?? {}) as Claims,
  });
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
      const unique =
        error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!unique || attempt >= 3) throw error;
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
  if (!clerk.orgId) return { userId: user.id, orgId: await ensurePersonalWorkspace(tx, user) };
  const organization = await tx.organization.findUnique({ where: { clerkOrgId: clerk.orgId } });
  // New organization or membership, or a role changed in Clerk: the token is authoritative.
  const membership = await upsertClerkMembership(tx, {
    organization: {
      clerkOrgId: clerk.orgId,
      name: organization?.name ?? clerk.orgSlug ?? clerk.orgId,
      slug: organization?.slug ?? clerk.orgSlug,
    },
    user: userData,
    role: clerk.orgRole ?? "org:member",
  });
  return { userId: user.id, orgId: membership.organizationId };
}
