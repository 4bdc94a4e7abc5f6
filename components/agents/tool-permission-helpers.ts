import { IDENTITY_MODES, RECORD_ACTIONS } from "@/lib/domain-values";
import type { ToolConfig } from "@/components/agents/agent-helpers";
import type { RecordAction } from "@/lib/domain-values";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

// The tool permission form (identity, allowed actions, denied fields) and its input to
// toolPermissions.set. Pure, so the text → list parsing is unit tested.

export type ToolPermission = RouterOutputs["toolPermissions"]["list"][number];
export type IdentityMode = ToolPermission["identityMode"];
export type SetToolPermissionInput = RouterInputs["toolPermissions"]["set"];

export { IDENTITY_MODES };

export const IDENTITY_LABELS: Record<IdentityMode, string> = {
  inherit: "Inherit (the chat's identity, or the agent role)",
  system: "System (full access)",
  configured: "Configured role",
};

export { RECORD_ACTIONS };

export type PermissionFormValues = {
  identityMode: IdentityMode;
  /** "" until a role is chosen; only sent for a configured identity. */
  roleId: string;
  allowedActions: RecordAction[];
  /** One path per line or comma-separated, as typed. */
  deniedFields: string;
};

/** A tool without a permission row behaves as "inherit, no extra limits": the form's default. */
export function permissionFormValues(permission: ToolPermission | undefined): PermissionFormValues {
  return {
    identityMode: permission?.identityMode ?? "inherit",
    roleId: permission?.configuredRoleId ?? "",
    allowedActions: RECORD_ACTIONS.filter((action) => permission?.allowedActions.includes(action)),
    deniedFields: (permission?.deniedFields ?? []).join("\n"),
  };
}

/** "data.ssn, data.salary\ndata.notes" → the distinct, non-empty paths in order. */
export function parseDeniedFields(text: string): string[] {
  const paths = text
    .split(/[,\n\r]+/)
    .map((path) => path.trim())
    .filter((path) => path !== "");
  return [...new Set(paths)];
}

export type ParsedPermission =
  | { ok: true; input: SetToolPermissionInput }
  | { ok: false; errors: { configuredRoleId?: string } };

export function permissionInput(
  agentId: string,
  toolName: string,
  values: PermissionFormValues,
): ParsedPermission {
  const configured = values.identityMode === "configured";
  if (configured && values.roleId === "") {
    return { ok: false, errors: { configuredRoleId: "Choose the role the tool runs as" } };
  }
  return {
    ok: true,
    input: {
      agentId,
      toolName,
      identityMode: values.identityMode,
      configuredRoleId: configured ? values.roleId : null,
      // In the fixed order, so a saved row reads the same whatever order the boxes were ticked.
      allowedActions: RECORD_ACTIONS.filter((action) => values.allowedActions.includes(action)),
      deniedFields: parseDeniedFields(values.deniedFields),
    },
  };
}

export function toggleAction(
  actions: readonly RecordAction[],
  action: RecordAction,
  on: boolean,
): RecordAction[] {
  const without = actions.filter((existing) => existing !== action);
  return on ? [...without, action] : without;
}

export type PermissionTool = {
  name: string;
  permission: ToolPermission | undefined;
  /** A permission row left from a tool the config no longer lists (it can still be removed). */
  orphan: boolean;
};

/** Every tool of the saved config, then the permissions of tools it no longer lists. */
export function permissionTools(
  tools: readonly ToolConfig[],
  permissions: readonly ToolPermission[],
): PermissionTool[] {
  const byName = new Map(permissions.map((permission) => [permission.toolName, permission]));
  const listed = tools.map((tool) => ({
    name: tool.name,
    permission: byName.get(tool.name),
    orphan: false,
  }));
  const names = new Set(tools.map((tool) => tool.name));
  const orphans = permissions
    .filter((permission) => !names.has(permission.toolName))
    .map((permission) => ({ name: permission.toolName, permission, orphan: true }));
  return [...listed, ...orphans];
}

/** One line on what a saved permission does, for the read-only view and the section header. */
export function describePermission(permission: ToolPermission | undefined): string {
  if (!permission) return "Default: inherits the identity, no extra limits.";
  const identity =
    permission.identityMode === "configured"
      ? `runs as role ${permission.configuredRole?.name ?? "(removed)"}`
      : permission.identityMode === "system"
        ? "runs as the system"
        : "inherits the identity";
  const actions =
    permission.allowedActions.length > 0
      ? `only ${permission.allowedActions.join(", ")}`
      : "any action";
  const denied =
    permission.deniedFields.length > 0 ? `, hides ${permission.deniedFields.join(", ")}` : "";
  return `${identity[0]!.toUpperCase()}${identity.slice(1)}, ${actions}${denied}.`;
}
