import { describe, expect, it } from "vitest";
import type { AgentActor } from "@/server/auth/actor";
import { loadPolicyContext } from "@/server/policy";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";
import { createRoleFrom, type RoleSpec } from "@/test/policy";

// An agent's policy context is shared across turns against the organization's permissions
// version read when the turn began (server/policy/load.ts), as a user's is across requests:
// per organization and roles, never across organizations or roles, and never after a change to
// what it is loaded from (changed here straight in the database, as another process would).

const db = () => testDb();
const versionOf = async (orgId: string) =>
  (await db().organization.findUniqueOrThrow({ where: { id: orgId } })).permissionsVersion;
const listing = (resource: string, name?: string): RoleSpec => ({
  ...(name && { name }),
  policies: [{ resource, action: "list" }],
});

/** An agent actor as a turn makes it: a fresh object, the version read now. */
async function agentActor(orgId: string, roleIds: string[] = []): Promise<AgentActor> {
  return {
    type: "agent",
    agentId: uid("agent"),
    orgId,
    roleIds,
    permissionsVersion: await versionOf(orgId),
  };
}

const resources = (context: { policies: { resource: string }[] }) =>
  context.policies.map((policy) => policy.resource).sort();

describe("the cross-turn policy cache of agents", () => {
  it("shares one context between turns and agents of an organization while nothing changes", async () => {
    const t = await createTenant();
    await createRoleFrom(t.org.id, listing("students", "agent"));
    const first = await loadPolicyContext(db(), await agentActor(t.org.id));
    const second = await loadPolicyContext(db(), await agentActor(t.org.id));
    expect(resources(first)).toEqual(["students"]);
    expect(second.policies).toBe(first.policies);
    expect(Object.isFrozen(first.policies[0])).toBe(true);
  });

  it("loads again after any change: a policy added, the agent role renamed away", async () => {
    const t = await createTenant();
    const roleId = await createRoleFrom(t.org.id, listing("students", "agent"));
    const first = await loadPolicyContext(db(), await agentActor(t.org.id));
    await db().policy.create({
      data: {
        organizationId: t.org.id,
        roleId,
        resource: "teachers",
        action: "list",
        effect: "allow",
      },
    });
    const afterPolicy = await loadPolicyContext(db(), await agentActor(t.org.id));
    expect(afterPolicy.policies).not.toBe(first.policies);
    expect(resources(afterPolicy)).toEqual(["students", "teachers"]);
    await db().role.update({ where: { id: roleId }, data: { name: "retired" } });
    expect(resources(await loadPolicyContext(db(), await agentActor(t.org.id)))).toEqual([]);
  });

  it("an actor that read an older version gets what the database holds now, not the cache", async () => {
    const t = await createTenant();
    const roleId = await createRoleFrom(t.org.id, listing("students", "agent"));
    const stale = await agentActor(t.org.id);
    await db().policy.deleteMany({ where: { roleId } });
    // A turn that began after the change caches the new context...
    expect(resources(await loadPolicyContext(db(), await agentActor(t.org.id)))).toEqual([]);
    // ...and one that began before it is never served a context of another version.
    expect(resources(await loadPolicyContext(db(), stale))).toEqual([]);
  });

  it("keeps roles apart: the agent role, a configured role, and another organization's", async () => {
    const t = await createTenant();
    const other = await createTenant();
    await createRoleFrom(t.org.id, listing("students", "agent"));
    const configured = await createRoleFrom(t.org.id, listing("invoices"));
    await createRoleFrom(other.org.id, listing("patients", "agent"));
    const agentRole = await loadPolicyContext(db(), await agentActor(t.org.id));
    const configuredRole = await loadPolicyContext(db(), await agentActor(t.org.id, [configured]));
    const otherOrg = await loadPolicyContext(db(), await agentActor(other.org.id));
    // Loaded again, each from the cache: still its own.
    expect(resources(await loadPolicyContext(db(), await agentActor(t.org.id)))).toEqual([
      "students",
    ]);
    expect(
      resources(await loadPolicyContext(db(), await agentActor(t.org.id, [configured]))),
    ).toEqual(["invoices"]);
    expect(resources(await loadPolicyContext(db(), await agentActor(other.org.id)))).toEqual([
      "patients",
    ]);
    expect(resources(agentRole)).toEqual(["students"]);
    expect(resources(configuredRole)).toEqual(["invoices"]);
    expect(resources(otherOrg)).toEqual(["patients"]);
  });

  it("an agent actor without a version (built by hand) is always loaded", async () => {
    const t = await createTenant();
    await createRoleFrom(t.org.id, listing("students", "agent"));
    const { permissionsVersion: _, ...unversioned } = await agentActor(t.org.id);
    const first = await loadPolicyContext(db(), { ...unversioned });
    const second = await loadPolicyContext(db(), { ...unversioned });
    expect(second.policies).not.toBe(first.policies);
    expect(resources(second)).toEqual(["students"]);
  });
});
