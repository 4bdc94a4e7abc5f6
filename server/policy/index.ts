import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import { isOrgAdmin } from "@/server/auth/actor";
import { forbidden } from "@/server/errors";

// The policy engine's interface, which every business-data service goes through. Until roles
// and policies land (the permissions issue), the decision is the SPEC §6 base rule alone: org
// owners and admins and system actors are allowed; everyone else is denied by default. Scope
// and mask are then the identity: callers must still apply them, so that policies can take
// effect without touching the services.

export type PolicyAction = "create" | "read" | "update" | "delete" | "list";
/** An entity-type slug, `*`, or `entityType` (managing entity types). */
export type PolicyResource = string;

export function can(actor: Actor, _resource: PolicyResource, _action: PolicyAction): boolean {
  return actor.type === "system" || isOrgAdmin(actor);
}

export function assertCan(actor: Actor, resource: PolicyResource, action: PolicyAction): void {
  if (!can(actor, resource, action)) {
    throw forbidden(`Not allowed to ${action} ${resource === "*" ? "records" : resource}`);
  }
}

/** The rows of `resource` the actor may see, as a Prisma `where` on entities (SQL filtering). */
export function scopeWhere(_actor: Actor, _resource: PolicyResource): Prisma.EntityWhereInput {
  return {};
}

/** A record as the actor may see it (field masks). */
export function mask<T>(_actor: Actor, _resource: PolicyResource, record: T): T {
  return record;
}
