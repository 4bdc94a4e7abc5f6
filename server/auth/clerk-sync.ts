import type { DbClient } from "@/server/db/client";
import type { OrgRole } from "@/generated/prisma/client";
import { generateSlug, uniqueSlug } from "@/lib/slug";
import type { WebhookActor } from "@/server/auth/actor";
import { recordEvent } from "@/server/services/events";
import {
  createOrganizationWithOwner,
  organizationSlugTaken,
} from "@/server/services/organizations";

// Mirrors Clerk's users, organizations and memberships into our tables. Used by the Clerk webhook
// and by the first request of a Clerk session (the webhook may not have arrived yet). Every
// function is idempotent: applying the same Clerk state twice changes nothing the second time.
//
// Clerk's state can arrive out of order: deliveries are retried and overtake each other, and a
// session token is valid for a while after the state it carries changed. So each piece of state
// comes with the time Clerk says it is from (`changedAt`: the payload's `updated_at`, a token's
// `iat`), and the row keeps that time as its `updatedAt`: state older than the row's is not
// applied, and a membership removed after the state was current is not brought back by it.
// Rows read to be changed are locked first, so two deliveries about one row apply one at a time.

const clerk = (orgId: string): WebhookActor => ({ type: "webhook", source: "clerk", orgId });

/** Clerk's `org:owner` and `org:admin` are owner and admin; every other role is member. */
export function mapClerkRole(role: string | null | undefined): OrgRole {
  if (role === "org:owner" || role === "owner") return "owner";
  if (role === "org:admin" || role === "admin") return "admin";
  return "member";
}

export type ClerkUserData = { clerkUserId: string; email?: string | null; name?: string | null };

/** How a piece of Clerk state is applied. */
export type ClerkChange = {
  /** When Clerk says the state is from; without it the state is applied as current. */
  changedAt?: Date | null;
  /**
   * Only fill what the row lacks (a placeholder email, no name), never overwrite: for user
   * details that come with a membership or a token rather than from the user's own events.
   */
  fillOnly?: boolean;
};

function placeholderEmail(clerkUserId: string): string {
  return `${clerkUserId}@unknown.invalid`;
}

/** Older than what the row holds: applying it would revert newer state. */
const isStale = (row: { updatedAt: Date }, changedAt: Date | null | undefined) =>
  changedAt != null && changedAt.getTime() < row.updatedAt.getTime();

/** The row's `updatedAt` after applying state of `changedAt` (Clerk's time, when known). */
const stamp = (changedAt: Date | null | undefined) => (changedAt ? { updatedAt: changedAt } : {});

/**
 * Newer state that changes nothing still moves the row's time forward: a delivery from between
 * the two must not apply after it.
 */
const isNewer = (row: { updatedAt: Date }, changedAt: Date | null | undefined) =>
  changedAt != null && changedAt.getTime() > row.updatedAt.getTime();

/** Creates the user, or updates name and email (unless the change is older than the row). */
export async function upsertClerkUser(db: DbClient, data: ClerkUserData, change: ClerkChange = {}) {
  await db.$queryRaw`SELECT "id" FROM "users" WHERE "clerkUserId" = ${data.clerkUserId} FOR UPDATE`;
  const existing = await db.user.findUnique({ where: { clerkUserId: data.clerkUserId } });
  if (!existing) {
    return db.user.create({
      data: {
        clerkUserId: data.clerkUserId,
        email: data.email ?? placeholderEmail(data.clerkUserId),
        name: data.name ?? null,
        ...stamp(change.changedAt),
      },
    });
  }
  const fillOnly = change.fillOnly || isStale(existing, change.changedAt);
  const emailMissing = existing.email === placeholderEmail(data.clerkUserId);
  const changes = {
    ...(data.email &&
      data.email !== existing.email &&
      (!fillOnly || emailMissing) && { email: data.email }),
    ...(data.name !== undefined &&
      data.name !== null &&
      data.name !== existing.name &&
      (!fillOnly || existing.name === null) && { name: data.name }),
  };
  const touch = !fillOnly && isNewer(existing, change.changedAt);
  if (Object.keys(changes).length === 0 && !touch) return existing;
  return db.user.update({
    where: { id: existing.id },
    data: { ...changes, ...(!fillOnly && stamp(change.changedAt)) },
  });
}

/** Soft-deletes the user and ends their memberships: a deleted user has no access. */
export async function deleteClerkUser(db: DbClient, clerkUserId: string): Promise<boolean> {
  await db.$queryRaw`SELECT "id" FROM "users" WHERE "clerkUserId" = ${clerkUserId} FOR UPDATE`;
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

export type ClerkOrganizationData = {
  clerkOrgId: string;
  name: string;
  slug?: string | null;
  /** When Clerk says this name and slug are from (the organization's `updated_at`). */
  changedAt?: Date | null;
};

/**
 * Creates the organization (slug made unique) or updates its name and slug, unless the state is
 * older than the row's.
 */
export async function upsertClerkOrganization(db: DbClient, data: ClerkOrganizationData) {
  await db.$queryRaw`
    SELECT "id" FROM "organizations" WHERE "clerkOrgId" = ${data.clerkOrgId} FOR UPDATE`;
  const existing = await db.organization.findUnique({ where: { clerkOrgId: data.clerkOrgId } });
  const wantedSlug = generateSlug(data.slug || data.name);
  if (!existing) {
    const slug = await uniqueSlug(wantedSlug, (s) => organizationSlugTaken(db, s), "workspace");
    const organization = await db.organization.create({
      data: { clerkOrgId: data.clerkOrgId, name: data.name, slug, ...stamp(data.changedAt) },
    });
    await recordEvent(db, clerk(organization.id), {
      eventType: "organization.created",
      payload: { name: organization.name, slug },
    });
    return organization;
  }
  if (isStale(existing, data.changedAt)) return existing;
  const changes: { name?: string; slug?: string } = {};
  if (data.name && data.name !== existing.name) changes.name = data.name;
  if (wantedSlug && wantedSlug !== existing.slug) {
    changes.slug = await uniqueSlug(
      wantedSlug,
      async (s) => s !== existing.slug && (await organizationSlugTaken(db, s)),
    );
  }
  if (Object.keys(changes).length === 0) {
    if (!isNewer(existing, data.changedAt)) return existing;
    return db.organization.update({ where: { id: existing.id }, data: stamp(data.changedAt) });
  }
  const updated = await db.organization.update({
    where: { id: existing.id },
    data: { ...changes, ...stamp(data.changedAt) },
  });
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

/**
 * When the user last left or was removed from the organization (any way: the webhook, the
 * members page, the user's deletion), from the organization's audit log; null if never.
 */
export async function lastRemoval(
  db: DbClient,
  organizationId: string,
  userId: string,
): Promise<Date | null> {
  const event = await db.event.findFirst({
    where: {
      organizationId,
      eventType: { in: ["member.removed", "member.left"] },
      payload: { path: ["userId"], equals: userId },
    },
    orderBy: { timestamp: "desc" },
    select: { timestamp: true },
  });
  return event?.timestamp ?? null;
}

export type ClerkMembershipData = {
  clerkMembershipId?: string | null;
  organization: ClerkOrganizationData;
  user: ClerkUserData;
  role: string;
  /** When Clerk says the membership is from (its `updated_at`, or the token's `iat`). */
  changedAt?: Date | null;
};

/**
 * Creates or updates a membership (and the user and organization it needs). State older than
 * the membership's is not applied (the membership is returned as it is); a membership removed
 * after the state was current is not created again (null). The user's details only fill what
 * the user lacks: the user's own events are the authority for them.
 */
export async function upsertClerkMembership(db: DbClient, data: ClerkMembershipData) {
  const organization = await upsertClerkOrganization(db, data.organization);
  const user = await upsertClerkUser(db, data.user, { fillOnly: true });
  const role = mapClerkRole(data.role);
  await db.$queryRaw`
    SELECT "id" FROM "memberships"
    WHERE "userId" = ${user.id} AND "organizationId" = ${organization.id} FOR UPDATE`;
  const existing = await db.membership.findUnique({
    where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
  });
  if (!existing) {
    if (user.deletedAt) return null;
    if (data.changedAt) {
      // Removed (here or in Clerk) since this state was current: the state is stale.
      const removedAt = await lastRemoval(db, organization.id, user.id);
      if (removedAt && removedAt.getTime() >= data.changedAt.getTime()) return null;
    }
    const membership = await db.membership.create({
      data: {
        userId: user.id,
        organizationId: organization.id,
        role,
        clerkMembershipId: data.clerkMembershipId ?? null,
        ...stamp(data.changedAt),
      },
    });
    await recordEvent(db, clerk(organization.id), {
      eventType: "member.added",
      payload: { userId: user.id, role },
    });
    return membership;
  }
  const stale = isStale(existing, data.changedAt);
  const clerkMembershipId = existing.clerkMembershipId ?? data.clerkMembershipId ?? null;
  const newRole = stale ? existing.role : role;
  const unchanged = existing.role === newRole && existing.clerkMembershipId === clerkMembershipId;
  if (unchanged && (stale || !isNewer(existing, data.changedAt))) return existing;
  const membership = await db.membership.update({
    where: { id: existing.id },
    data: { role: newRole, clerkMembershipId, ...(!stale && stamp(data.changedAt)) },
  });
  if (existing.role !== newRole) {
    await recordEvent(db, clerk(organization.id), {
      eventType: "member.roleChanged",
      payload: { userId: user.id, from: existing.role, to: newRole },
    });
  }
  return membership;
}

/**
 * Removes the membership Clerk removed. A delivery about another (later) membership of the same
 * person, or older than the membership's state, changes nothing.
 */
export async function deleteClerkMembership(
  db: DbClient,
  data: {
    clerkOrgId: string;
    clerkUserId: string;
    clerkMembershipId?: string | null;
    changedAt?: Date | null;
  },
): Promise<boolean> {
  await db.$queryRaw`
    SELECT m."id" FROM "memberships" m
    JOIN "organizations" o ON o."id" = m."organizationId"
    JOIN "users" u ON u."id" = m."userId"
    WHERE o."clerkOrgId" = ${data.clerkOrgId} AND u."clerkUserId" = ${data.clerkUserId}
    FOR UPDATE OF m`;
  const membership = await db.membership.findFirst({
    where: {
      organization: { clerkOrgId: data.clerkOrgId },
      user: { clerkUserId: data.clerkUserId },
    },
  });
  if (!membership) return false;
  const otherMembership =
    data.clerkMembershipId != null &&
    membership.clerkMembershipId !== null &&
    membership.clerkMembershipId !== data.clerkMembershipId;
  if (otherMembership || isStale(membership, data.changedAt)) return false;
  await db.membership.delete({ where: { id: membership.id } });
  await recordEvent(db, clerk(membership.organizationId), {
    eventType: "member.removed",
    payload: { userId: membership.userId },
  });
  return true;
}

/**
 * A user without any organization gets a personal workspace, `<name>'s Workspace`, as its owner.
 * Returns the organization the user should act in.
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
