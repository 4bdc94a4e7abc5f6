import type { DbClient } from "@/server/db/client";
import { createClerkClient } from "@clerk/nextjs/server";
import type { OrgRole } from "@/generated/prisma/client";
import { authMode } from "@/server/auth/mode";
import { env } from "@/server/env";
import { AppError, badRequest } from "@/server/errors";
import type { ServiceContext } from "@/server/services/context";
import { memberSelect } from "@/server/services/member-select";
import { recordEvent } from "@/server/services/events";

// Where memberships really live. In local mode our tables are the source of truth. In Clerk
// mode Clerk is: invitations, role changes and removals go to Clerk's Backend API first, and the
// webhook brings Clerk's state back (idempotently) into our tables.

export type InviteResult =
  | {
      status: "added";
      member: {
        id: string;
        role: OrgRole;
        user: { id: string; name: string | null; email: string };
      };
    }
  | { status: "invited"; email: string };

export interface IdentityProvider {
  inviteMember(ctx: ServiceContext, input: { email: string; role: OrgRole }): Promise<InviteResult>;
  changeRole(ctx: ServiceContext, input: { userId: string; role: OrgRole }): Promise<void>;
  removeMember(ctx: ServiceContext, input: { userId: string }): Promise<void>;
}

const localProvider: IdentityProvider = {
  /** Adds the person at once, creating a local user for an unknown email. */
  async inviteMember(ctx, input) {
    return ctx.db.$transaction(async (tx) => {
      const user =
        (await tx.user.findFirst({ where: { email: input.email, deletedAt: null } })) ??
        (await tx.user.create({
          data: { email: input.email, name: input.email.split("@")[0] ?? null },
        }));
      const member = await tx.membership.create({
        data: { organizationId: ctx.actor.orgId, userId: user.id, role: input.role },
        select: memberSelect,
      });
      await recordEvent(tx, ctx.actor, {
        eventType: "member.added",
        payload: { userId: user.id, role: input.role },
      });
      return { status: "added", member };
    });
  },
  async changeRole() {},
  async removeMember() {},
};

const CLERK_ROLE: Record<OrgRole, string> = {
  owner: "org:admin",
  admin: "org:admin",
  member: "org:member",
};

async function clerkIds(db: DbClient, orgId: string, userId?: string) {
  const organization = await db.organization.findUnique({
    where: { id: orgId },
    select: { clerkOrgId: true },
  });
  const user = userId
    ? await db.user.findUnique({ where: { id: userId }, select: { clerkUserId: true } })
    : null;
  if (!organization?.clerkOrgId) throw badRequest("This organization is not linked to Clerk");
  return { clerkOrgId: organization.clerkOrgId, clerkUserId: user?.clerkUserId ?? null };
}

/** Clerk answered 404: what the call was about does not exist there. */
function isNotFound(error: unknown): boolean {
  return (error as { status?: unknown } | null)?.status === 404;
}

async function callClerk<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // Clerk's API errors carry their reasons in `errors`, often with an empty `message`.
    const reasons =
      (error as { errors?: { longMessage?: string; message?: string }[] }).errors ?? [];
    const message =
      reasons.map((reason) => reason.longMessage ?? reason.message).join("; ") ||
      (error instanceof Error && error.message) ||
      "unknown error";
    throw new AppError("BAD_GATEWAY", `Clerk rejected the change: ${message}`);
  }
}

/** Memberships through Clerk's Backend API (`apiUrl` only to point at a test double). */
export function createClerkIdentityProvider(options: {
  secretKey?: string;
  apiUrl?: string;
}): IdentityProvider {
  const client = createClerkClient({
    secretKey: options.secretKey,
    ...(options.apiUrl && { apiUrl: options.apiUrl }),
  });
  return {
    async inviteMember(ctx, input) {
      if (input.role === "owner")
        throw badRequest("Clerk invitations cannot grant the owner role; invite as admin", "role");
      const { clerkOrgId } = await clerkIds(ctx.db, ctx.actor.orgId);
      const inviter =
        ctx.actor.type === "user"
          ? await clerkIds(ctx.db, ctx.actor.orgId, ctx.actor.userId)
          : null;
      await callClerk(() =>
        client.organizations.createOrganizationInvitation({
          organizationId: clerkOrgId,
          emailAddress: input.email,
          role: CLERK_ROLE[input.role],
          ...(inviter?.clerkUserId && { inviterUserId: inviter.clerkUserId }),
        }),
      );
      await recordEvent(ctx.db, ctx.actor, {
        eventType: "member.invited",
        payload: { email: input.email, role: input.role },
      });
      return { status: "invited", email: input.email };
    },
    async changeRole(ctx, input) {
      const { clerkOrgId, clerkUserId } = await clerkIds(ctx.db, ctx.actor.orgId, input.userId);
      if (!clerkUserId) return;
      await callClerk(() =>
        client.organizations.updateOrganizationMembership({
          organizationId: clerkOrgId,
          userId: clerkUserId,
          role: CLERK_ROLE[input.role],
        }),
      );
    },
    async removeMember(ctx, input) {
      const { clerkOrgId, clerkUserId } = await clerkIds(ctx.db, ctx.actor.orgId, input.userId);
      if (!clerkUserId) return;
      // A membership already gone in Clerk (removed there, its webhook not applied yet) is
      // removed: what was asked is done, and the local membership goes too.
      await callClerk(() =>
        client.organizations
          .deleteOrganizationMembership({ organizationId: clerkOrgId, userId: clerkUserId })
          .then(
            () => undefined,
            (error: unknown) => {
              if (isNotFound(error)) return undefined;
              throw error;
            },
          ),
      );
    },
  };
}

export function identityProvider(): IdentityProvider {
  if (authMode() !== "clerk") return localProvider;
  const e = env();
  return createClerkIdentityProvider({ secretKey: e.CLERK_SECRET_KEY, apiUrl: e.CLERK_API_URL });
}
