import type { Session } from "@/server/auth/session";
import { ensurePersonalWorkspace } from "@/server/auth/clerk-sync";
import type { Db } from "@/server/db/client";
import { badRequest, forbidden, notFound } from "@/server/errors";
import { createOrganizationWithOwner } from "@/server/services/organizations";

// Local development auth: pick or create a local user (no Clerk account) and an organization.
// Whoever reaches the sign-in page can be anyone: this mode exists for development and is
// refused in production unless chosen explicitly (server/auth/mode.ts).

export async function listLocalAccounts(db: Db) {
  return db.user.findMany({
    where: { clerkUserId: null, deletedAt: null },
    orderBy: { createdAt: "asc" },
    take: 50,
    select: {
      id: true,
      name: true,
      email: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, organization: { select: { id: true, name: true } } },
      },
    },
  });
}

export type LocalSignInInput =
  | { userId: string; organizationId?: string; organizationName?: string }
  | { name: string; email: string; organizationId?: undefined; organizationName?: string };

export async function localSignIn(db: Db, input: LocalSignInInput): Promise<Session> {
  return db.$transaction(async (tx) => {
    let user;
    if ("userId" in input) {
      user = await tx.user.findFirst({
        where: { id: input.userId, clerkUserId: null, deletedAt: null },
      });
      if (!user) throw notFound("User");
    } else {
      const email = input.email.trim().toLowerCase();
      const name = input.name.trim();
      if (!name) throw badRequest("Name is required", "name");
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw badRequest("A valid email is required", "email");
      user =
        (await tx.user.findFirst({ where: { email, clerkUserId: null, deletedAt: null } })) ??
        (await tx.user.create({ data: { email, name } }));
    }
    if (input.organizationName?.trim()) {
      const organization = await createOrganizationWithOwner(tx, {
        name: input.organizationName.trim(),
        ownerUserId: user.id,
        createdBy: { type: "user", userId: user.id },
      });
      return { userId: user.id, orgId: organization.id };
    }
    if (input.organizationId) {
      const membership = await tx.membership.findUnique({
        where: { userId_organizationId: { userId: user.id, organizationId: input.organizationId } },
      });
      if (!membership) throw forbidden("You are not a member of this organization");
      return { userId: user.id, orgId: input.organizationId };
    }
    return { userId: user.id, orgId: await ensurePersonalWorkspace(tx, user) };
  });
}

/** Makes another organization of the signed-in user the active one. */
export async function switchLocalOrganization(
  db: Db,
  session: Session,
  organizationId: string,
): Promise<Session> {
  const membership = await db.membership.findFirst({
    where: { userId: session.userId, organizationId, user: { deletedAt: null } },
  });
  if (!membership) throw notFound("Organization");
  return { userId: session.userId, orgId: organizationId };
}
