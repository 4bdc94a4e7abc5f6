import type { OrgRole, Plan } from "@/generated/prisma/client";
import { generateSlug, uniqueSlug } from "@/lib/slug";
import { isOrgOwner, type Actor, type UserActor } from "@/server/auth/actor";
import { conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type DbClient, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";

// Organizations. A user sees only organizations they are a member of; any other is "not found".

export const organizationSelect = {
  id: true,
  name: true,
  slug: true,
  plan: true,
  clerkOrgId: true,
  notificationWebhookUrl: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function organizationSlugTaken(db: DbClient, slug: string): Promise<boolean> {
  return (await db.organization.count({ where: { slug } })) > 0;
}

/** Who creates an organization: a signed-in user, or Clerk (webhook or first sign-in). */
export type OrganizationCreator =
  { type: "user"; userId: string } | { type: "webhook"; source: "clerk" };

/**
 * Creates an organization with its first owner and records `organization.created` and
 * `member.added`. Slugs are made unique with -2, -3, ... unless `exactSlug` is requested.
 */
export async function createOrganizationWithOwner(
  db: DbClient,
  input: {
    name: string;
    slug?: string;
    exactSlug?: boolean;
    clerkOrgId?: string;
    ownerUserId: string;
    createdBy: OrganizationCreator;
  },
) {
  const base = input.slug ?? generateSlug(input.name);
  let slug = base;
  if (input.exactSlug) {
    if (await organizationSlugTaken(db, base))
      throw conflict("Organization slug already exists", "slug");
  } else {
    slug = await uniqueSlug(base, (candidate) => organizationSlugTaken(db, candidate), "workspace");
  }
  const organization = await db.organization.create({
    data: { name: input.name, slug, clerkOrgId: input.clerkOrgId ?? null },
    select: organizationSelect,
  });
  await db.membership.create({
    data: { organizationId: organization.id, userId: input.ownerUserId, role: "owner" },
  });
  // The creator acts inside the new organization: its events belong to it.
  const actor: Actor =
    input.createdBy.type === "user"
      ? {
          type: "user",
          userId: input.createdBy.userId,
          orgId: organization.id,
          orgRole: "owner",
        }
      : { type: "webhook", source: input.createdBy.source, orgId: organization.id };
  await recordEvent(db, actor, {
    eventType: "organization.created",
    payload: { name: organization.name, slug },
  });
  await recordEvent(db, actor, {
    eventType: "member.added",
    payload: { userId: input.ownerUserId, role: "owner" },
  });
  return organization;
}

/** Organizations the user belongs to, with their role in each. */
export async function listUserOrganizations(db: DbClient, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: organizationSelect } },
  });
  return memberships.map(({ role, organization }) => ({ ...organization, role: role as OrgRole }));
}

export async function getOrganization(ctx: ServiceContext, input: { id: string }) {
  if (input.id !== ctx.actor.orgId) throw notFound("Organization");
  const organization = await ctx.db.organization.findUnique({
    where: { id: input.id },
    select: organizationSelect,
  });
  if (!organization) throw notFound("Organization");
  return organization;
}

export async function getCurrentOrganization(ctx: ServiceContext) {
  return getOrganization(ctx, { id: ctx.actor.orgId });
}

/** By slug, among the organizations the user belongs to. */
export async function getOrganizationBySlug(
  ctx: ServiceContext<UserActor>,
  input: { slug: string },
) {
  const membership = await ctx.db.membership.findFirst({
    where: { userId: ctx.actor.userId, organization: { slug: input.slug } },
    select: { organization: { select: organizationSelect } },
  });
  if (!membership) throw notFound("Organization");
  return membership.organization;
}

/** A signed-in user creates an organization and becomes its owner. */
export async function createOrganization(
  ctx: { db: ServiceContext["db"]; userId: string },
  input: { name: string; slug?: string },
) {
  return ctx.db.$transaction((tx) =>
    createOrganizationWithOwner(tx, {
      name: input.name,
      slug: input.slug,
      exactSlug: input.slug !== undefined,
      ownerUserId: ctx.userId,
      createdBy: { type: "user", userId: ctx.userId },
    }),
  );
}

export async function updateOrganization(
  ctx: ServiceContext,
  input: {
    id: string;
    name?: string;
    slug?: string;
    plan?: Plan;
    notificationWebhookUrl?: string | null;
  },
) {
  const current = await getOrganization(ctx, { id: input.id });
  requireOrgAdmin(ctx.actor, "change the organization");
  if (input.plan !== undefined && input.plan !== current.plan && !isOrgOwner(ctx.actor)) {
    throw forbidden("Only an owner can change the plan");
  }
  if (
    input.slug !== undefined &&
    input.slug !== current.slug &&
    (await organizationSlugTaken(ctx.db, input.slug))
  ) {
    throw conflict("Organization slug already exists", "slug");
  }
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.plan !== undefined && { plan: input.plan }),
    ...(input.notificationWebhookUrl !== undefined && {
      notificationWebhookUrl: input.notificationWebhookUrl,
    }),
  };
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.organization.update({
      where: { id: current.id },
      data: changes,
      select: organizationSelect,
    });
    await recordEvent(tx, ctx.actor, { eventType: "organization.updated", payload: { changes } });
    return updated;
  });
}
