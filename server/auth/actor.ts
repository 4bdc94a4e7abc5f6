import type { ActorType, OrgRole } from "@/generated/prisma/client";

// One idea for every caller (docs/architecture.md). The organization always comes from a verified
// credential (session, API key, signed webhook), never from request input.

export type UserActor = {
  type: "user";
  userId: string;
  orgId: string;
  orgRole: OrgRole;
  /**
   * The organization's permissions version read with the membership at the start of the
   * request. With it, the user's policy context may come from the cross-request cache
   * (server/policy/load.ts); without it (actors built by hand) it is always loaded.
   */
  permissionsVersion?: number;
};
export type ApiKeyActor = {
  type: "apiKey";
  apiKeyId: string;
  orgId: string;
  permissions: string[];
};
export type AgentActor = {
  type: "agent";
  agentId: string;
  orgId: string;
  onBehalfOf?: Actor;
  roleIds: string[];
  /**
   * The organization's permissions version read when the turn began (with its agent and
   * config): as for a user, the policy context may then come from the cross-request cache.
   */
  permissionsVersion?: number;
};
/** Jobs and the pack installer: bypasses policies, still bound to one organization. */
export type SystemActor = { type: "system"; orgId: string };
export type WebhookActor = { type: "webhook"; orgId: string; source: string };

export type Actor = UserActor | ApiKeyActor | AgentActor | SystemActor | WebhookActor;

/** What events record about who did something. */
export function actorRef(actor: Actor): { actorType: ActorType; actorId: string | null } {
  switch (actor.type) {
    case "user":
      return { actorType: "user", actorId: actor.userId };
    case "apiKey":
      return { actorType: "apiKey", actorId: actor.apiKeyId };
    case "agent":
      return { actorType: "agent", actorId: actor.agentId };
    case "system":
      return { actorType: "system", actorId: null };
    case "webhook":
      return { actorType: "webhook", actorId: actor.source };
  }
}

export function systemActor(orgId: string): SystemActor {
  return { type: "system", orgId };
}

/** Only an owner changes owners and the plan (docs/identity.md). */
export function isOrgOwner(actor: Actor): boolean {
  return actor.type === "user" && actor.orgRole === "owner";
}

/** Org owners and admins manage everything in their organization (docs/identity.md). */
export function isOrgAdmin(actor: Actor): boolean {
  return actor.type === "user" && (actor.orgRole === "owner" || actor.orgRole === "admin");
}
