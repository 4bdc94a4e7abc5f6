import { describe, expect, it } from "vitest";
import type { AgentActor, UserActor } from "@/server/auth/actor";
import { toolActor, type ToolIdentityRule } from "@/server/agent/tool-identity";
import { AppError } from "@/server/errors";

const user: UserActor = { type: "user", userId: "u1", orgId: "org1", orgRole: "member" };
const agent: AgentActor = { type: "agent", agentId: "a1", orgId: "org1", roleIds: [] };

const row = (rule: Partial<ToolIdentityRule>): ToolIdentityRule => ({
  organizationId: "org1",
  agentId: "a1",
  toolName: "entity.query",
  identityMode: "inherit",
  configuredRoleId: null,
  ...rule,
});

describe("toolActor", () => {
  it("no row and inherit: the chat's own actor (the same object, so its policy cache)", () => {
    expect(toolActor(user, "a1", null)).toBe(user);
    expect(toolActor(agent, "a1", row({}))).toBe(agent);
  });

  it("system: the organization's system actor, the organization from the chat's actor", () => {
    expect(toolActor(user, "a1", row({ identityMode: "system" }))).toEqual({
      type: "system",
      orgId: "org1",
    });
  });

  it("configured: exactly the configured role, on behalf of the chat's actor", () => {
    const actor = toolActor(
      user,
      "a1",
      row({ identityMode: "configured", configuredRoleId: "r1" }),
    );
    expect(actor).toEqual({
      type: "agent",
      agentId: "a1",
      orgId: "org1",
      roleIds: ["r1"],
      onBehalfOf: user,
    });
  });

  it("configured without a role is refused (never the `agent` role by an empty roleIds)", () => {
    expect(() => toolActor(user, "a1", row({ identityMode: "configured" }))).toThrow(AppError);
  });

  it("a row of another organization or agent is refused, whatever its mode", () => {
    for (const other of [{ organizationId: "org2" }, { agentId: "a2" }]) {
      expect(() => toolActor(user, "a1", row({ ...other, identityMode: "system" }))).toThrow(
        "the tool permission is not this agent's",
      );
    }
  });
});
