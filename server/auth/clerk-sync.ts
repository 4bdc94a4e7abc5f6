import type { OrgRole } from "@/generated/prisma/client";
import { generateSlug, uniqueSlug } from "@/lib/slug";
import type { WebhookActor } from "@/server/auth/actor";
import type { DbClient } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import {
  createOrganizationWithOwner,
  organizationSlugTaken,
} from "@/server/services/organizations";

// Mirrors Clerk's users, organizations and memberships into our tables. Used by the Clerk webhook
// and by the first request of a Clerk session (the webhook may not have arrived yet). Every
// function is idempotent: applying the same Clerk state twice changes nothing the second time.

const clerk = (orgId: string): WebhookActor => ({ type: "webhook", source: "clerk", orgId });

/** Clerk's `org:owner` and `org:admin` are owner and admin; every other role is member (SPEC §2). */
export function mapClerkRole(role: string | null | undefined): OrgRole {
  if (role === "org:owner" || role === "owner") return "owner";
  if (role === "org:admin" || role === "admin") return "admin";
  return "member";
}

export type ClerkUserData = { clerkUserId: string; email?: string | null; name?: string | null };

function placeholderEmail(clerkUserId: string): string {
  return `${clerkUserId}@unknown.invalid`;
}

/** Creates the user, or updates name and email when given (the reference never did). */
export async function upsertClerkUser(db: DbClient, data: ClerkUserData) {
  const existing = await db.user.findUnique({ where: { clerkUserId: data.clerkUserId } });
  if (!existing) {
    return db.user.create({
      data: {
        clerkUserId: data.clerkUserId,
        email: data.email ?? placeholderEmail(data.clerkUserId),
        name: data.name ?? null,
      },
    });
  }
  const changes = {
    ...(data.email && data.email !== existing.email && { email: data.email }),
    ...(data.name !== undefined &&
      data.name !== null &&
      data.name !== existing.name && { name: data.name }),
  };
  if (Object.keys(changes).length === 0) return existing;
  return db.user.update({ where: { id: existing.id }, data: changes });
}

/** Soft-deletes the user and ends their memberships: a deleted user has no access. */
export async function deleteClerkUser(db: DbClient, clerkUserId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { clerkUserId } });
  if (!user || user.deletedAt) return false;
  const memberships = await db.membership.findMany({ where: { userId: user.id } });
  await db.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
  await db.membership.deleteMany({ where: { userId: user.id } });
  for (const membership of memberships) {
    await recordEvent(db, clerk(membership.organizationId), {
      eventType: "member.removed",
      payload: { userId: user.id, reason: "user.deleted" },
    });
  }
  return true;
}

export type ClerkOrganizationData = { clerkOrgId: string; name: string; slug?: string | null };

/** Creates the organization (slug made unique) or updates its name and slug. */
export async function upsertClerkOrganization(db: DbClient, data: ClerkOrganizationData) {
  const existing = await db.organization.findUnique({ where: { clerkOrgId: data.clerkOrgId } });
  const wantedSlug = generateSlug(data.slug || data.name);
  if (!existing) {
    const slug = await uniqueSlug(wantedSlug, (s) => organizationSlugTaken(db, s), "workspace");
    const organization = await db.organization.create({
      data: { clerkOrgId: data.clerkOrgId, name: data.name, slug },
    });
    await recordEvent(db, clerk(organization.id), {
      eventType: "organization.created",
      payload: { name: organization.name, slug },
    });
    return organization;
  }
  const changes: { name?: string; slug?: string } = {};
  if (data.name && data.name !== existing.name) changes.name = data.name;
  if (wantedSlug && wantedSlug !== existing.slug) {
    changes.slug = await uniqueSlug(
      wantedSlug,
      async (s) => s !== existing.slug && (await organizationSlugTaken(db, s)),
    );
  }
  if (Object.keys(changes).length === 0) return existing;
  const updated = await db.organization.update({ where: { id: existing.id }, data: changes });
  await recordEvent(db, clerk(existing.id), {
    eventType: "organization.updated",
    payload: { changes },
  });
  return updated;
}

/** Deleting the organization in Clerk deletes it here, with all of its data. */
export async function deleteClerkOrganization(db: DbClient, clerkOrgId: string): Promise<boolean> {
  const result = await db.organization.deleteMany({ where: { clerkOrgId } });
  return result.count > 0;
}

export type ClerkMembershipData = {
  clerkMembershipId?: string | null;
  organization: ClerkOrganizationData;
  user: ClerkUserData;
  role: string;
};

/** Creates or updates a membership (and the user and organization it needs). */
export async function upsertClerkMembership(db: DbClient, data: ClerkMembershipData) {
  const organization = await upsertClerkOrganization(db, data.organization);
  const user = await upsertClerkUser(db, data.user);
  const role = mapClerkRole(data.role);
  const existing = await db.membership.findUnique({
    where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
  });
  if (!existing) {
    const membership = await db.membership.create({
      data: {
        userId: user.id,
        organizationId: organization.id,
        role,
        clerkMembershipId: data.clerkMembershipId ?? null,
      },
    });
    await recordEvent(db, clerk(organization.id), {
      eventType: "member.added",
      payload: { userId: user.id, role },
    });
    return membership;
  }
  const clerkMembershipId = data.clerkMembershipId ?? existing.clerkMembershipId;
  if (existing.role === role && existing.clerkMembershipId === clerkMembershipId) return existing;
  const membership = await db.membership.update({
    where: { id: existing.id },
    data: { role, clerkMembershipId },
  });
  if (existing.role !== role) {
    await recordEvent(db, clerk(organization.id), {
      eventType: "member.roleChanged",
      payload: { userId: user.id, from: existing.role, to: role },
    });
  }
  return membership;
}

export async function deleteClerkMembership(
  db: DbClient,
  data: { clerkOrgId: string; clerkUserId: string },
): Promise<boolean> {
  const membership = await db.membership.findFirst({
    where: {
      organization: { clerkOrgId: data.clerkOrgId },
      user: { clerkUserId: data.clerkUserId },
    },
  });
  if (!membership) return false;
  await db.membership.delete({ where: { id: membership.id } });
  await recordEvent(db, clerk(membership.organizationId), {
    eventType: "member.removed",
    payload: { userId: membership.userId },
  });
  return true;
}

/**
 * A user without any organization gets a personal workspace, `<name>'s Workspace`, as its owner
 * (SPEC §2). Returns the organization the user should act in.
 */
export async function ensurePersonalWorkspace(
  db: DbClient,
  user: { id: string; name: string | null; email: string },
) {
  const first = await db.membership.findFirst({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
  });
  if (first) return first.organizationId;
  const displayName = user.name?.trim() || user.email.split("@")[0] || "My";
  const organization = await createOrganizationWithOwner(db, {
    name: `${displayName}'s Workspace`,
    ownerUserId: user.id,
    createdBy: { type: "user", userId: user.id },
  });
  return organization.id;
}
