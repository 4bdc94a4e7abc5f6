import type { FieldMask, Policy, ScopeRule } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import { isOrgAdmin } from "@/server/auth/actor";
import type { DbClient } from "@/server/services/context";

// An actor's roles and policies, loaded once per request (not once per record) and kept with
// the actor object for the rest of it.

export type LoadedPolicy = Policy & {
  roleName: string;
  scopeRules: ScopeRule[];
  fieldMasks: FieldMask[];
  /** The assignment's resource scoping: the policy applies only to this resource (type slug)… */
  assignmentResourceType: string | null;
  /** …and, when set, only to this record. */
  assignmentResourceId: string | null;
};

export type PolicyContext = {
  actor: Actor;
  /** Owners, admins and system actors: every decision is allow, nothing is scoped or masked. */
  bypass: boolean;
  policies: LoadedPolicy[];
  /** Ids of the organization's entities whose `data.userId` is the actor's user id. */
  entityIds: string[];
};

const cache = new WeakMap<Actor, Promise<PolicyContext>>();

type Assignment = { roleId: string; resourceType: string | null; resourceId: string | null };

async function roleAssignments(db: DbClient, actor: Actor): Promise<Assignment[]> {
  const now = new Date();
  if (actor.type === "user") {
    return db.userRole.findMany({
      where: {
        userId: actor.userId,
        organizationId: actor.orgId,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      select: { roleId: true, resourceType: true, resourceId: true },
    });
  }
  if (actor.type === "agent") {
    // Agents act with the organization's role named `agent`, if any (SPEC §6), or with the
    // roles a tool permission configured for them.
    if (actor.roleIds.length > 0) {
      return actor.roleIds.map((roleId) => ({ roleId, resourceType: null, resourceId: null }));
    }
    const role = await db.role.findUnique({
      where: { organizationId_name: { organizationId: actor.orgId, name: "agent" } },
    });
    return role ? [{ roleId: role.id, resourceType: null, resourceId: null }] : [];
  }
  return [];
}

async function load(db: DbClient, actor: Actor, roleIds?: string[]): Promise<PolicyContext> {
  if (!roleIds && (actor.type === "system" || isOrgAdmin(actor)))
    return { actor, bypass: true, policies: [], entityIds: [] };
  const assignments = roleIds
    ? roleIds.map((roleId) => ({ roleId, resourceType: null, resourceId: null }))
    : await roleAssignments(db, actor);
  const distinctRoleIds = [...new Set(assignments.map((assignment) => assignment.roleId))];
  const rows = distinctRoleIds.length
    ? await db.policy.findMany({
        where: { organizationId: actor.orgId, roleId: { in: distinctRoleIds } },
        include: { scopeRules: true, fieldMasks: true, role: { select: { name: true } } },
        orderBy: [{ priority: "desc" }, { createdAt: "asc" }],
      })
    : [];
  const policies = assignments.flatMap((assignment) =>
    rows
      .filter((row) => row.roleId === assignment.roleId)
      .map(({ role, ...row }) => ({
        ...row,
        roleName: role.name,
        assignmentResourceType: assignment.resourceType,
        assignmentResourceId: assignment.resourceId,
      })),
  );
  const usesEntityIds = policies.some((policy) =>
    policy.scopeRules.some((rule) => JSON.stringify(rule.value).includes("actor.entityIds")),
  );
  const entityIds =
    usesEntityIds && actor.type === "user"
      ? (
          await db.entity.findMany({
            where: {
              organizationId: actor.orgId,
              deletedAt: null,
              data: { path: ["userId"], equals: actor.userId },
            },
            select: { id: true },
          })
        ).map((entity) => entity.id)
      : [];
  return { actor, bypass: false, policies, entityIds };
}

/**
 * The policies of exactly these roles, as if the actor held them (the simulator's "as role",
 * and tools configured to run with a role). Never cached.
 */
export function loadPolicyContextForRoles(
  db: DbClient,
  actor: Actor,
  roleIds: string[],
): Promise<PolicyContext> {
  return load(db, actor, roleIds);
}

export function loadPolicyContext(db: DbClient, actor: Actor): Promise<PolicyContext> {
  let loaded = cache.get(actor);
  if (!loaded) {
    loaded = load(db, actor);
    cache.set(actor, loaded);
  }
  return loaded;
}
