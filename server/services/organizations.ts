import type { z } from "zod";
import type { DbClient } from "@/server/db/client";
import type { OrgRole, Prisma } from "@/generated/prisma/client";
import { generateSlug, uniqueSlug } from "@/lib/slug";
import { isOrgOwner, type Actor, type UserActor } from "@/server/auth/actor";
import { conflict, forbidden, notFound } from "@/server/errors";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";
import type { updateOrganizationInput } from "@/server/routers/organizations.schemas";

// Organizations. A user sees only organizations they are a member of; any other is "not found".

export const organizationSelect = {
  id: true,
  name: true,
  slug: true,
  plan: true,
  clerkOrgId: true,
  notificationWebhookUrl: true,
  // Read only to tell whether there is one: organizationFor never lets it out.
  notificationSigningSecret: true,
  createdAt: true,
  updatedAt: true,
} as const;

type OrganizationRow = Prisma.OrganizationGetPayload<{ select: typeof organizationSelect }>;

/** The organization as the API shows it: never the signing secret, only whether there is one. */
type OrganizationView = Omit<OrganizationRow, "notificationSigningSecret"> & {
  hasNotificationSecret: boolean;
};

/** Settings that carry secrets (a webhook URL often holds a token): owners and admins only. */
const SECRET_SETTINGS = ["notificationWebhookUrl", "hasNotificationSecret"] as const;
type SecretSetting = (typeof SECRET_SETTINGS)[number];

/**
 * The organization as someone of this org role sees it: the signing secret never (it is shown
 * once, when generated), the notification settings to owners and admins only.
 */
export function organizationFor(
  role: OrgRole | "system" | null,
  organization: OrganizationRow,
): Omit<OrganizationView, SecretSetting> & Partial<Pick<OrganizationView, SecretSetting>> {
  const { notificationSigningSecret, ...rest } = organization;
  const view: OrganizationView = { ...rest, hasNotificationSecret: !!notificationSigningSecret };
  if (role === "owner" || role === "admin" || role === "system") return view;
  const shown: Partial<OrganizationView> = view;
  for (const key of SECRET_SETTINGS) delete shown[key];
  return shown as Omit<OrganizationView, SecretSetting>;
}

function roleOf(actor: Actor): OrgRole | "system" | null {
  if (actor.type === "user") return actor.orgRole;
  return actor.type === "system" ? "system" : null;
}

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
  return organizationFor("owner", organization);
}

/** Organizations the user belongs to, with their role in each (secrets by that role). */
export async function listUserOrganizations(db: DbClient, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: organizationSelect } },
  });
  return memberships.map(({ role, organization }) => ({
    ...organizationFor(role, organization),
    role: role as OrgRole,
  }));
}

async function findOrganization(db: DbClient, actor: Actor, id: string) {
  if (id !== actor.orgId) throw notFound("Organization");
  const organization = await db.organization.findUnique({
    where: { id },
    select: organizationSelect,
  });
  if (!organization) throw notFound("Organization");
  return organization;
}

export async function getOrganization(ctx: ServiceContext, input: { id: string }) {
  return organizationFor(roleOf(ctx.actor), await findOrganization(ctx.db, ctx.actor, input.id));
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
    select: { role: true, organization: { select: organizationSelect } },
  });
  if (!membership) throw notFound("Organization");
  return organizationFor(membership.role, membership.organization);
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

/** What organizations.update validates. */
export type UpdateOrganizationInput = z.output<typeof updateOrganizationInput>;

/**
 * Checked and written under the organization's row lock, against the organization as it is
 * then: an admin's write of the plan it read cannot undo an owner's change made meanwhile.
 */
export async function updateOrganization(ctx: ServiceContext, input: UpdateOrganizationInput) {
  if (input.id !== ctx.actor.orgId) throw notFound("Organization");
  requireOrgAdmin(ctx.actor, "change the organization");
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "organizations" WHERE "id" = ${input.id} FOR UPDATE`;
    const current = await findOrganization(tx, actor, input.id);
    if (input.plan !== undefined && input.plan !== current.plan && !isOrgOwner(actor)) {
      throw forbidden("Only an owner can change the plan");
    }
    if (
      input.slug !== undefined &&
      input.slug !== current.slug &&
      (await organizationSlugTaken(tx, input.slug))
    ) {
      throw conflict("Organization slug already exists", "slug");
    }
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.plan !== undefined && { plan: input.plan }),
    };
    const updated = await tx.organization.update({
      where: { id: current.id },
      data: changes,
      select: organizationSelect,
    });
    await recordEvent(tx, actor, { eventType: "organization.updated", payload: { changes } });
    return organizationFor(roleOf(actor), updated);
  });
}
