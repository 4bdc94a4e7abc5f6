import { describe, expect, it } from "vitest";

import {
  describePermission,
  parseDeniedFields,
  permissionFormValues,
  permissionInput,
  permissionTools,
  toggleAction,
  type ToolPermission,
} from "@/components/agents/tool-permission-helpers";

// The tool permission form → toolPermissions.set.

const saved: ToolPermission = {
  id: "p1",
  agentId: "a1",
  toolName: "entity.query",
  identityMode: "configured",
  configuredRoleId: "r1",
  configuredRole: { id: "r1", name: "reader" },
  allowedActions: ["list", "read"],
  deniedFields: ["data.ssn", "data.salary"],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe("denied fields", () => {
  it("are split on commas and lines, trimmed, without blanks or repeats", () => {
    expect(parseDeniedFields("data.ssn, data.salary\n\n  data.notes ,data.ssn\r\n")).toEqual([
      "data.ssn",
      "data.salary",
      "data.notes",
    ]);
    expect(parseDeniedFields("  \n , ")).toEqual([]);
  });
});

describe("permission form", () => {
  it("defaults to inherit with no limits when the tool has no permission", () => {
    expect(permissionFormValues(undefined)).toEqual({
      identityMode: "inherit",
      roleId: "",
      allowedActions: [],
      deniedFields: "",
    });
  });

  it("round-trips a saved permission, actions in their fixed order", () => {
    const values = permissionFormValues(saved);
    expect(values).toEqual({
      identityMode: "configured",
      roleId: "r1",
      allowedActions: ["read", "list"],
      deniedFields: "data.ssn\ndata.salary",
    });
    expect(permissionInput("a1", "entity.query", values)).toEqual({
      ok: true,
      input: {
        agentId: "a1",
        toolName: "entity.query",
        identityMode: "configured",
        configuredRoleId: "r1",
        allowedActions: ["read", "list"],
        deniedFields: ["data.ssn", "data.salary"],
      },
    });
  });

  it("sends a role only with a configured identity, and requires it there", () => {
    const system = permissionInput("a1", "t", {
      ...permissionFormValues(saved),
      identityMode: "system",
    });
    expect(system.ok && system.input.configuredRoleId).toBeNull();
    const missing = permissionInput("a1", "t", { ...permissionFormValues(saved), roleId: "" });
    expect(missing).toEqual({
      ok: false,
      errors: { configuredRoleId: "Choose the role the tool runs as" },
    });
  });

  it("toggles actions", () => {
    expect(toggleAction(["read"], "list", true)).toEqual(["read", "list"]);
    expect(toggleAction(["read", "list"], "read", false)).toEqual(["list"]);
  });
});

describe("tools with permissions", () => {
  it("lists the config's tools, then permissions of tools it no longer has", () => {
    const rows = permissionTools(
      [
        { isBuiltin: true, name: "entity.get" },
        { isBuiltin: true, name: "event.emit" },
      ],
      [saved, { ...saved, id: "p2", toolName: "event.emit" }],
    );
    expect(rows.map((row) => [row.name, row.permission?.id ?? null, row.orphan])).toEqual([
      ["entity.get", null, false],
      ["event.emit", "p2", false],
      ["entity.query", "p1", true],
    ]);
  });

  it("describes a permission in one line", () => {
    expect(describePermission(undefined)).toMatch(/^Default/);
    expect(describePermission(saved)).toBe(
      "Runs as role reader, only list, read, hides data.ssn, data.salary.",
    );
    expect(
      describePermission({
        ...saved,
        identityMode: "system",
        allowedActions: [],
        deniedFields: [],
      }),
    ).toBe("Runs as the system, any action.");
  });
});
