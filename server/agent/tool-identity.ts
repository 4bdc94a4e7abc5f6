import type { ToolPermission } from "@/generated/prisma/client";
import { systemActor, type Actor } from "@/server/auth/actor";
import { forbidden } from "@/server/errors";

// The identity a tool runs as (docs/agents.md): without a permission row, or with
// `inherit`, the chat's own actor (a playground user, or the public API's agent actor with the
// organization's `agent` role); `system` bypasses policies within the organization; `configured`
// acts with exactly the configured role, on behalf of the chat's actor. The organization always
// comes from the chat's actor, never from the row.

/** What of a tool permission row decides the identity. */
export type ToolIdentityRule = Pick<
  ToolPermission,
  "organizationId" | "agentId" | "toolName" | "identityMode" | "configuredRoleId"
>;

export function toolActor(
  chatActor: Actor,
  agentId: string,
  permission: ToolIdentityRule | null,
): Actor {
  if (!permission) return chatActor;
  // A row of another organization or agent must never choose an identity here (a `system` row
  // would otherwise lend its bypass to whoever was handed it).
  if (permission.organizationId !== chatActor.orgId || permission.agentId !== agentId) {
    throw forbidden(`${permission.toolName}: the tool permission is not this agent's`);
  }
  switch (permission.identityMode) {
    case "inherit":
      return chatActor;
    case "system":
      return systemActor(chatActor.orgId);
    case "configured":
      // Never `roleIds: []`: that would mean the organization's `agent` role instead.
      if (!permission.configuredRoleId) {
        throw forbidden(`${permission.toolName}: the tool permission's configured role is missing`);
      }
      return {
        type: "agent",
        agentId,
        orgId: chatActor.orgId,
        roleIds: [permission.configuredRoleId],
        onBehalfOf: chatActor,
        // The version the turn read, so this role's context may be shared too.
        ...(chatActor.type === "agent" || chatActor.type === "user"
          ? { permissionsVersion: chatActor.permissionsVersion }
          : {}),
      };
  }
}
