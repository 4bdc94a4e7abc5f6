import type { DbClient } from "@/server/db/client";
import type { RecordAction } from "@/lib/domain-values";
import type { FieldMask, Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import { forbidden } from "@/server/errors";
import { loadPolicyContext, type LoadedPolicy, type PolicyContext } from "@/server/policy/load";
import { deepFreeze } from "@/server/policy/freeze";
import { applyMasks, hiddenPathWritten } from "@/server/policy/mask";
import { ruleWhere, ruleWhereNot, type EntityLike, type RelationLike } from "@/server/policy/rules";
import { ruleMatches } from "@/server/policy/rules-memory";

// The permission decision for one actor (docs/permissions.md): default deny; owners, admins and system
// actors bypass; policies of the actor's active roles that match resource (or `*`) and action
// (or `*`) decide: an unscoped deny denies, otherwise any allow allows. Allowing policies' scope
// rules are AND-ed within a policy and OR-ed across policies; a deny with scope rules removes
// the records it matches. Masks of allowing policies apply to every record that leaves.

/** A record action (lib/domain-values.ts). */
export type PolicyAction = RecordAction;

const NOTHING: Prisma.EntityWhereInput = { id: { in: [] } };

function appliesTo(policy: LoadedPolicy, resource: string, action: PolicyAction): boolean {
  if (policy.resource !== resource && policy.resource !== "*") return false;
  if (policy.action !== action && policy.action !== "*") return false;
  // A role assigned for one resource only applies to that resource.
  return policy.assignmentResourceType === null || policy.assignmentResourceType === resource;
}

export class PolicyEngine {
  constructor(readonly context: PolicyContext) {}

  get actor(): Actor {
    return this.context.actor;
  }

  matching(resource: string, action: PolicyAction): LoadedPolicy[] {
    return this.context.policies.filter((policy) => appliesTo(policy, resource, action));
  }

  private rowRestricted(policy: LoadedPolicy): boolean {
    return policy.scopeRules.length > 0 || policy.assignmentResourceId !== null;
  }

  can(resource: string, action: PolicyAction): boolean {
    if (this.context.bypass) return true;
    const policies = this.matching(resource, action);
    if (policies.some((policy) => policy.effect === "deny" && !this.rowRestricted(policy)))
      return false;
    return policies.some((policy) => policy.effect === "allow");
  }

  assert(resource: string, action: PolicyAction): void {
    if (!this.can(resource, action)) {
      throw forbidden(`Not allowed to ${action} ${resource === "*" ? "records" : resource}`);
    }
  }

  private policyWhere(policy: LoadedPolicy): Prisma.EntityWhereInput {
    const rules = policy.scopeRules.map((rule) => ruleWhere(rule, this.context));
    if (policy.assignmentResourceId !== null) rules.push({ id: policy.assignmentResourceId });
    return { AND: rules };
  }

  /** The records a deny policy does not match: any of its rules fails (see ruleWhereNot). */
  private policyWhereNot(policy: LoadedPolicy): Prisma.EntityWhereInput {
    const rules = policy.scopeRules.map((rule) => ruleWhereNot(rule, this.context));
    if (policy.assignmentResourceId !== null)
      rules.push({ NOT: { id: policy.assignmentResourceId } });
    return { OR: rules };
  }

  /** The records of `resource` the actor may `action`, as a Prisma `where` (SQL filtering). */
  scope(resource: string, action: PolicyAction): Prisma.EntityWhereInput {
    const scopes = this.context.scopes;
    const key = `${resource}\u0000${action}`;
    let where = scopes?.get(key);
    if (!where) {
      // Frozen: a cached scope serves many requests, a change by one would reach the others.
      where = deepFreeze(this.compileScope(resource, action));
      scopes?.set(key, where);
    }
    return where;
  }

  private compileScope(resource: string, action: PolicyAction): Prisma.EntityWhereInput {
    if (this.context.bypass) return {};
    if (!this.can(resource, action)) return NOTHING;
    const policies = this.matching(resource, action);
    const allows = policies.filter((policy) => policy.effect === "allow");
    const denies = policies.filter((policy) => policy.effect === "deny");
    const allowed: Prisma.EntityWhereInput = allows.some((policy) => !this.rowRestricted(policy))
      ? {}
      : { OR: allows.map((policy) => this.policyWhere(policy)) };
    if (denies.length === 0) return allowed;
    // Not `NOT: { OR: denies }`: SQL's NOT drops records whose field is missing (NULL), and
    // Prisma's NOT of a typed JSON filter keeps the type. Each deny's exact complement instead.
    return { AND: [allowed, ...denies.map((policy) => this.policyWhereNot(policy))] };
  }

  /** Whether one record is in scope, evaluated in memory (explain; the differential test). */
  inScope(
    resource: string,
    action: PolicyAction,
    record: EntityLike,
    relations: RelationLike[],
  ): boolean {
    if (this.context.bypass) return true;
    if (!this.can(resource, action)) return false;
    const matches = (policy: LoadedPolicy) =>
      policy.scopeRules.every((rule) =>
        ruleMatches(rule, this.context, record, relations, policy.effect),
      ) &&
      (policy.assignmentResourceId === null || policy.assignmentResourceId === record.id);
    const policies = this.matching(resource, action);
    const allowed = policies.some((policy) => policy.effect === "allow" && matches(policy));
    const denied = policies.some((policy) => policy.effect === "deny" && matches(policy));
    return allowed && !denied;
  }

  private readonly masksByResource = new Map<string, FieldMask[]>();

  /** Masks of the policies that allow reading `resource` (once per resource and request). */
  masks(resource: string): FieldMask[] {
    if (this.context.bypass) return [];
    let masks = this.masksByResource.get(resource);
    if (!masks) {
      // A mask in both a read and a list policy (or in two roles) is applied once.
      const unique = new Map<string, FieldMask>();
      for (const policy of this.matching(resource, "read").concat(this.matching(resource, "list")))
        if (policy.effect === "allow")
          for (const mask of policy.fieldMasks)
            unique.set(
              `${mask.maskType} ${mask.fieldPath} ${JSON.stringify(mask.maskConfig)}`,
              mask,
            );
      masks = [...unique.values()];
      this.masksByResource.set(resource, masks);
    }
    return masks;
  }

  mask<T>(resource: string, record: T): T {
    return applyMasks(record, this.masks(resource));
  }

  /** Writes may not set a field the actor cannot see (403 naming the field). */
  assertWritable(resource: string, data: Record<string, unknown>): void {
    const hidden = hiddenPathWritten(data, this.masks(resource));
    if (hidden) throw forbidden(`Not allowed to write ${hidden}`);
  }
}

/** The policy engine for the actor of this request; loads roles and policies once. */
export async function policyFor(ctx: { db: DbClient; actor: Actor }): Promise<PolicyEngine> {
  return new PolicyEngine(await loadPolicyContext(ctx.db, ctx.actor));
}
