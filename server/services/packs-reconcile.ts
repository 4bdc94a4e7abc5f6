import { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/actor";
import type { DbClient } from "@/server/db/client";
import { canonicalJson } from "@/server/packs/migrations";
import {
  policyRows,
  type PackDefinition,
  type PackEntityType,
  type PackPolicyRow,
} from "@/server/packs/format";
import type { PackCounts } from "@/server/routers/packs.schemas";
import { recordEvent } from "@/server/services/events";
import { ensurePackAgent, type AgentPlan } from "@/server/services/packs-agents";
import { zeroCounts, type PackLinks } from "@/server/services/packs-records";
import { scopeRuleData, storedJson, type ScopeRuleData } from "@/server/services/policy-validation";

// One walk over a pack's definition against what the organization has, matched by slug (types,
// agents), name (roles) and content (policies by resource, action, effect and priority; scope
// rules and masks by everything they say), never by position or stored id. `check` lists what
// is missing (drift); `apply` creates it (install, repair, the end of an upgrade) and says what
// it created and what it found. Running `apply` twice creates nothing the second time.

export type PackItem = {
  kind: "entityType" | "role" | "policy" | "scopeRule" | "fieldMask" | "agent";
  name: string;
  detail?: string;
};

export type ReconcileInput = {
  /** The transaction of an `apply`; any client for a `check`, which only reads. */
  tx: DbClient;
  orgId: string;
  /** Who the events name (the user installing); rows are made by the organization's system. */
  eventActor: Actor;
  pack: PackDefinition;
  links: PackLinks;
  mode: "check" | "apply";
};

export type ReconcileResult = {
  missing: PackItem[];
  created: PackCounts;
  reused: PackCounts;
  links: PackLinks;
};

type ExistingPolicy = Prisma.PolicyGetPayload<{
  include: { scopeRules: true; fieldMasks: true };
}>;

const policyName = (role: string, row: { effect: string; action: string; resource: string }) =>
  `${role}: ${row.effect} ${row.action} ${row.resource}`;

const ruleKey = (rule: ScopeRuleData | ExistingPolicy["scopeRules"][number]) =>
  canonicalJson({
    type: rule.type,
    field: rule.field ?? null,
    operator: rule.operator ?? null,
    value: rule.value ?? null,
    relationPath: rule.relationPath ?? null,
    relationDirection: rule.relationDirection,
  });
const ruleDetail = (rule: ScopeRuleData) =>
  rule.type === "field"
    ? `${rule.field} ${rule.operator} ${JSON.stringify(rule.value)}`
    : `relation ${rule.relationPath} ${JSON.stringify(rule.value)}`;

type MaskContent = {
  fieldPath: string;
  maskType: "hide" | "redact";
  maskConfig?: unknown;
};
const maskKey = (mask: MaskContent) =>
  canonicalJson({
    fieldPath: mask.fieldPath,
    maskType: mask.maskType,
    maskConfig: mask.maskConfig ?? null,
  });

/** Takes one unclaimed item of `pool` with the key, or returns false. */
function claim<T>(pool: T[], keyOf: (item: T) => string, key: string): boolean {
  const index = pool.findIndex((item) => keyOf(item) === key);
  if (index < 0) return false;
  pool.splice(index, 1);
  return true;
}

export async function reconcilePack(input: ReconcileInput): Promise<ReconcileResult> {
  const { tx, orgId, eventActor, pack, mode } = input;
  const apply = mode === "apply";
  const links: PackLinks = {
    entityTypeIds: [...input.links.entityTypeIds],
    roleIds: [...input.links.roleIds],
    agentIds: [...input.links.agentIds],
    created: structuredClone(input.links.created),
  };
  const missing: PackItem[] = [];
  const created = zeroCounts();
  const reused = zeroCounts();
  const link = (list: string[], id: string, counts: keyof PackCounts) => {
    if (list.includes(id)) return;
    list.push(id);
    reused[counts] += 1;
  };
  const event = (eventType: string, payload: Prisma.InputJsonValue, entityTypeSlug?: string) =>
    recordEvent(tx, eventActor, { eventType, payload, entityTypeSlug: entityTypeSlug ?? null });

  // ---- Entity types
  const types = await tx.entityType.findMany({
    where: { organizationId: orgId, slug: { in: pack.entityTypes.map((type) => type.slug) } },
    select: { id: true, slug: true },
  });
  for (const def of pack.entityTypes) {
    const found = types.find((type) => type.slug === def.slug);
    if (found) {
      link(links.entityTypeIds, found.id, "entityTypes");
      continue;
    }
    missing.push({ kind: "entityType", name: def.slug });
    if (!apply) continue;
    const type = await createPackEntityType(tx, orgId, def);
    links.entityTypeIds.push(type.id);
    links.created.entityTypes.push(type.id);
    created.entityTypes += 1;
    await event(
      "entityType.created",
      { entityTypeId: type.id, name: type.name, slug: type.slug, packId: pack.id },
      type.slug,
    );
  }

  // ---- Roles, their policies, scope rules and masks
  const roles = await tx.role.findMany({
    where: { organizationId: orgId, name: { in: pack.roles.map((role) => role.name) } },
    include: { policies: { include: { scopeRules: true, fieldMasks: true } } },
  });
  const roleIds = new Map<string, string>();
  for (const def of pack.roles) {
    let role = roles.find((candidate) => candidate.name === def.name);
    // A role made now brings all its policies: the role alone is named as restored.
    const roleIsNew = !role;
    if (role) {
      link(links.roleIds, role.id, "roles");
    } else {
      missing.push({ kind: "role", name: def.name });
      // A missing role's policies are missing with it: the role names them.
      if (!apply) continue;
      const made = await tx.role.create({
        data: { organizationId: orgId, name: def.name, description: def.description },
      });
      role = { ...made, policies: [] };
      links.roleIds.push(role.id);
      links.created.roles.push(role.id);
      created.roles += 1;
      await event("role.created", {
        roleId: role.id,
        name: role.name,
        description: role.description,
        packId: pack.id,
      });
    }
    roleIds.set(def.name, role.id);
    const pool = [...role.policies];
    for (const row of policyRows(def)) {
      const key = (policy: {
        resource: string;
        action: string;
        effect: string;
        priority: number;
      }) => `${policy.resource} ${policy.action} ${policy.effect} ${policy.priority}`;
      const index = pool.findIndex((policy) => key(policy) === key(row));
      const existing = index >= 0 ? pool.splice(index, 1)[0]! : null;
      if (existing) reused.policies += 1;
      else if (!roleIsNew) missing.push({ kind: "policy", name: policyName(def.name, row) });
      if (!existing && !apply) continue;
      const policyId =
        existing?.id ?? (await createPolicy(tx, orgId, role.id, row, links, created));
      await reconcileRules(tx, orgId, policyId, def.name, row, existing, {
        apply,
        missing: existing ? missing : [],
        links,
        created,
        reused,
      });
    }
  }

  // ---- Agents
  for (const def of pack.agents) {
    const plan: AgentPlan = { def, roleId: roleIds.get(def.role) ?? null, apply, links };
    const outcome = await ensurePackAgent(tx, orgId, eventActor, plan, pack.id);
    missing.push(...outcome.missing);
    created.agents += outcome.created ? 1 : 0;
    reused.agents += outcome.reused ? 1 : 0;
  }

  return { missing, created, reused, links };
}

async function createPolicy(
  tx: DbClient,
  orgId: string,
  roleId: string,
  row: PackPolicyRow,
  links: PackLinks,
  created: PackCounts,
): Promise<string> {
  const policy = await tx.policy.create({
    data: {
      organizationId: orgId,
      roleId,
      resource: row.resource,
      action: row.action,
      effect: row.effect,
      priority: row.priority,
    },
    select: { id: true },
  });
  links.created.policies.push(policy.id);
  created.policies += 1;
  return policy.id;
}

type RuleState = {
  apply: boolean;
  /** Where missing rules and masks are reported (not for a policy that was missing itself). */
  missing: PackItem[];
  links: PackLinks;
  created: PackCounts;
  reused: PackCounts;
};

async function reconcileRules(
  tx: DbClient,
  orgId: string,
  policyId: string,
  roleName: string,
  row: PackPolicyRow,
  existing: ExistingPolicy | null,
  state: RuleState,
) {
  const name = policyName(roleName, row);
  const rules = [...(existing?.scopeRules ?? [])];
  for (const rule of row.scopeRules) {
    // Checked and stored as roles.addScopeRule stores it, so the content compares equal.
    const data = await scopeRuleData(tx, orgId, rule);
    if (claim(rules, ruleKey, ruleKey(data))) {
      state.reused.scopeRules += 1;
      continue;
    }
    state.missing.push({ kind: "scopeRule", name, detail: ruleDetail(data) });
    if (!state.apply) continue;
    const made = await tx.scopeRule.create({
      data: { organizationId: orgId, policyId, ...data, value: storedJson(data.value) },
      select: { id: true },
    });
    state.links.created.scopeRules.push(made.id);
    state.created.scopeRules += 1;
  }
  const masks = [...(existing?.fieldMasks ?? [])];
  for (const mask of row.fieldMasks) {
    if (claim(masks, maskKey, maskKey(mask))) {
      state.reused.fieldMasks += 1;
      continue;
    }
    state.missing.push({ kind: "fieldMask", name, detail: `${mask.maskType} ${mask.fieldPath}` });
    if (!state.apply) continue;
    const made = await tx.fieldMask.create({
      data: {
        organizationId: orgId,
        policyId,
        fieldPath: mask.fieldPath,
        maskType: mask.maskType,
        maskConfig: mask.maskConfig ?? Prisma.DbNull,
      },
      select: { id: true },
    });
    state.links.created.fieldMasks.push(made.id);
    state.created.fieldMasks += 1;
  }
}

/** Creates one of a pack's entity types as the pack defines it (install, repair, upgrade). */
export function createPackEntityType(tx: DbClient, orgId: string, def: PackEntityType) {
  return tx.entityType.create({
    data: {
      organizationId: orgId,
      slug: def.slug,
      name: def.name,
      description: def.description,
      schema: def.schema as Prisma.InputJsonValue,
      searchFields: def.searchFields,
      ...(def.displayConfig && { displayConfig: def.displayConfig }),
    },
  });
}
