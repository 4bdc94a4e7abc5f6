import type { DbClient } from "@/server/db/client";
import type { FieldMask, Policy, Prisma, ScopeRule } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import { isOrgAdmin } from "@/server/auth/actor";
import { deepFreeze } from "@/server/policy/freeze";

// An actor's roles and policies, loaded once per request (not once per record) and kept with
// the actor object for the rest of it. A user's or an agent's context is also kept across
// requests, keyed by the organization's permissions version: triggers bump it on every write to
// what the context is loaded from (migration 20261127143901_permissions_version), and each
// request reads it with the membership (buildUserActor; an agent's turn with its agent and
// config), so a cached context is never used after a change, in any process. Assignment expiry
// bounds it too: an entry is not used past the first expiry.

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
  /**
   * Scopes compiled from this context (engine.scope), by resource and action: shared by the
   * requests that share a cached context (same user, organization and permissions version).
   */
  scopes?: Map<string, Prisma.EntityWhereInput>;
};

const cache = new WeakMap<Actor, Promise<PolicyContext>>();

type Assignment = {
  roleId: string;
  resourceType: string | null;
  resourceId: string | null;
  expiresAt?: Date | null;
};

type SharedEntry = {
  version: number;
  /** When the first of the loaded assignments expires (ms since epoch). */
  validUntil: number;
  policies: LoadedPolicy[];
  entityIds: string[];
  scopes: Map<string, Prisma.EntityWhereInput>;
};
/** Across requests, per organization and user or agent roles; the oldest go first past the bound. */
const shared = new Map<string, SharedEntry>();
const SHARED_ENTRIES = 10_000;

async function roleAssignments(db: DbClient, actor: Actor): Promise<Assignment[]> {
  const now = new Date();
  if (actor.type === "user") {
    return db.userRole.findMany({
      where: {
        userId: actor.userId,
        organizationId: actor.orgId,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      select: { roleId: true, resourceType: true, resourceId: true, expiresAt: true },
    });
  }
  if (actor.type === "agent") {
    // Agents act with the organization's role named `agent`, if any (docs/permissions.md), or with the
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

type Loaded = PolicyContext & { validUntil: number };

async function load(db: DbClient, actor: Actor, roleIds?: string[]): Promise<Loaded> {
  if (!roleIds && (actor.type === "system" || isOrgAdmin(actor)))
    return { actor, bypass: true, policies: [], entityIds: [], validUntil: Infinity };
  const assignments: Assignment[] = roleIds
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
  const expiries = assignments.flatMap((assignment) =>
    assignment.expiresAt ? [assignment.expiresAt.getTime()] : [],
  );
  return { actor, bypass: false, policies, entityIds, validUntil: Math.min(Infinity, ...expiries) };
}

/**
 * Under which key and version an actor's context may be shared across requests: a user's is
 * theirs; an agent's depends only on its roles (the organization's `agent` role when none is
 * named), since a rule's `actor.*` values resolve the same for every agent of the organization
 * (no user id, no entity ids). Null: always loaded.
 */
function sharedKey(actor: Actor): { key: string; version: number } | null {
  if (actor.type === "user") {
    if (actor.permissionsVersion === undefined || isOrgAdmin(actor)) return null;
    return { key: `${actor.orgId}:user:${actor.userId}`, version: actor.permissionsVersion };
  }
  if (actor.type === "agent") {
    if (actor.permissionsVersion === undefined) return null;
    const roles = actor.roleIds.length > 0 ? [...actor.roleIds].sort().join(",") : "(agent)";
    return { key: `${actor.orgId}:agent:${roles}`, version: actor.permissionsVersion };
  }
  return null;
}

async function loadShared(db: DbClient, actor: Actor): Promise<PolicyContext> {
  const shares = sharedKey(actor);
  if (!shares) return load(db, actor);
  const { key, version } = shares;
  const entry = shared.get(key);
  if (entry && entry.version === version && Date.now() < entry.validUntil) {
    shared.delete(key); // most recently used last
    shared.set(key, entry);
    const { policies, entityIds, scopes } = entry;
    return { actor, bypass: false, policies, entityIds, scopes };
  }
  const { validUntil, ...loaded } = await load(db, actor);
  const context = { ...loaded, scopes: new Map<string, Prisma.EntityWhereInput>() };
  const current = shared.get(key);
  // Two requests may load at once; the one that read the newer version wins.
  if (!current || current.version <= version) {
    shared.delete(key);
    shared.set(key, {
      version,
      validUntil,
      policies: deepFreeze(context.policies),
      entityIds: deepFreeze(context.entityIds),
      scopes: context.scopes,
    });
    if (shared.size > SHARED_ENTRIES) shared.delete(shared.keys().next().value!);
  }
  return context;
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
  return load(db, actor, roleIds).then(({ validUntil: _, ...context }) => context);
}

export function loadPolicyContext(db: DbClient, actor: Actor): Promise<PolicyContext> {
  let loaded = cache.get(actor);
  if (!loaded) {
    loaded = loadShared(db, actor);
    cache.set(actor, loaded);
  }
  return loaded;
}
