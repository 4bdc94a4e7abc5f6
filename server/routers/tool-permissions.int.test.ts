import { describe, expect, it } from "vitest";
import { as, caught, eventsOf, fieldOf } from "@/test/business";
import { createAgent, createRole, createTenant } from "@/test/factories";
import { rolesSnapshot, seedRoles } from "@/test/roles";

// Tool permissions per (agent, tool) (docs/permissions.md): `set` upserts the whole row, `configured` needs
// a role of the organization, the agent must be the organization's.

describe("toolPermissions", () => {
  it("set creates, then replaces the whole row; list is by tool name; events toolPermission.set", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const admin = as(t, "admin");
    const created = await admin.toolPermissions.set({
      agentId: seed.agent.id,
      toolName: "entity.create",
      identityMode: "system",
      allowedActions: ["create", "create", "read"],
      deniedFields: ["data.email"],
    });
    expect(created).toMatchObject({
      identityMode: "system",
      configuredRoleId: null,
      configuredRole: null,
      allowedActions: ["create", "read"],
      deniedFields: ["data.email"],
    });
    const replaced = await admin.toolPermissions.set({
      agentId: seed.agent.id,
      toolName: "entity.create",
      identityMode: "configured",
      configuredRoleId: seed.role.id,
    });
    expect(replaced).toMatchObject({
      id: created.id,
      configuredRole: { id: seed.role.id, name: seed.role.name },
      allowedActions: [],
      deniedFields: [],
    });
    expect(
      (await as(t, "member").toolPermissions.list({ agentId: seed.agent.id })).map(
        (permission) => permission.toolName,
      ),
    ).toEqual(["entity.create", "entity.query"]);
    expect(await eventsOf(t.org.id, { eventType: "toolPermission.set" })).toMatchObject([
      { actorId: t.owner.id, payload: { toolName: "entity.query", created: true } },
      { actorId: t.admin.id, payload: { toolName: "entity.create", created: true } },
      { actorId: t.admin.id, payload: { identityMode: "configured", created: false } },
    ]);
  });

  it("configured needs a role of the organization; other modes take none", async () => {
    const [t, other] = [await createTenant(), await createTenant()];
    const seed = await seedRoles(t);
    const theirs = await createRole(other.org.id);
    const owner = as(t, "owner");
    const base = { agentId: seed.agent.id, toolName: "entity.update" } as const;
    const before = await rolesSnapshot(t.org.id);
    const noRole = await caught(owner.toolPermissions.set({ ...base, identityMode: "configured" }));
    expect([noRole.code, fieldOf(noRole)]).toEqual(["BAD_REQUEST", "configuredRoleId"]);
    const extra = await caught(
      owner.toolPermissions.set({
        ...base,
        identityMode: "inherit",
        configuredRoleId: seed.role.id,
      }),
    );
    expect([extra.code, fieldOf(extra)]).toEqual(["BAD_REQUEST", "configuredRoleId"]);
    const foreign = await caught(
      owner.toolPermissions.set({
        ...base,
        identityMode: "configured",
        configuredRoleId: theirs.id,
      }),
    );
    expect(foreign.code).toBe("NOT_FOUND");
    const badAction = await caught(
      owner.toolPermissions.set({
        ...base,
        identityMode: "inherit",
        allowedActions: ["publish"] as unknown as ["read"],
      }),
    );
    expect(badAction.code).toBe("BAD_REQUEST");
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("an unknown or deleted agent is NOT_FOUND for every procedure", async () => {
    const t = await createTenant();
    const deleted = await createAgent(t.org.id, { status: "deleted" });
    const owner = as(t, "owner");
    for (const agentId of ["nope", deleted.id]) {
      expect((await caught(owner.toolPermissions.list({ agentId }))).code).toBe("NOT_FOUND");
      const set = owner.toolPermissions.set({ agentId, toolName: "x", identityMode: "inherit" });
      expect((await caught(set)).code).toBe("NOT_FOUND");
      const remove = owner.toolPermissions.remove({ agentId, toolName: "x" });
      expect((await caught(remove)).code).toBe("NOT_FOUND");
    }
  });

  it("remove deletes the row and records toolPermission.removed; a missing one is NOT_FOUND", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const ref = { agentId: seed.agent.id, toolName: "entity.query" };
    expect(await owner.toolPermissions.remove(ref)).toEqual({ id: seed.tool.id, removed: true });
    expect(await owner.toolPermissions.list({ agentId: seed.agent.id })).toEqual([]);
    expect(await eventsOf(t.org.id, { eventType: "toolPermission.removed" })).toMatchObject([
      { payload: { toolPermissionId: seed.tool.id, identityMode: "configured" } },
    ]);
    expect((await caught(owner.toolPermissions.remove(ref))).code).toBe("NOT_FOUND");
  });
});
