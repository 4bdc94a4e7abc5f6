import { expect } from "vitest";
import type { ToolPermission } from "@/generated/prisma/client";
import type { Actor, AgentActor, UserActor } from "@/server/auth/actor";
import { buildUserActor } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import { createEntity } from "@/server/services/entities";
import { createEntityType, type EntityTypeInput } from "@/server/services/entity-types";
import { setToolPermission } from "@/server/services/tool-permissions";
import type { ToolConfig } from "@/server/agent/config";
import { BUILTIN_TOOL_NAMES } from "@/server/agent/tools/names";
import { executeToolCall, loadToolPermissions } from "@/server/agent/tools/run";
import type { ToolOutcome } from "@/server/agent/tools/types";
import { businessSnapshot } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createAgent, createMember, createTenant, type Tenant } from "@/test/factories";
import { createRoleFrom, grantRoles, type RoleSpec } from "@/test/policy";

// The agent tools' test tenant: a student type and a people type; the same scoped role given to
// a member, to the organization's `agent` role and to a role tools can be configured with:
// students with status `active` may be read, listed, updated and deleted, any student created;
// their `data.ssn` is hidden and `data.email` redacted. People: no policy at all. A stranger is
// a member without roles. `call` runs one tool call through executeToolCall, with the tool
// permission written through the service and loaded as the runtime loads it.

export const studentSchema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    grade: { type: "integer" },
    ssn: { type: "string" },
    email: { type: "string", format: "email" },
    tag: { type: "string" },
    address: { type: "object", properties: { city: { type: "string" } } },
  },
  required: ["name"],
};

export const SSN = "123-45-6789";
export const EMAIL = "pupil@example.test";

export type PermissionSpec = Pick<
  ToolPermission,
  "identityMode" | "configuredRoleId" | "allowedActions" | "deniedFields"
>;

export type CallOptions = {
  /** The chat's actor (default: the owner). */
  actor?: Actor;
  /** The tool permission row for this tool (default: none). */
  permission?: Partial<PermissionSpec>;
  /** Fails the test when the call changed any business data (types, records, relations, events). */
  unchanged?: boolean;
  db?: Db;
  signal?: AbortSignal;
};

export type ToolFixture = Awaited<ReturnType<typeof toolFixture>>;

const ALL_TOOLS: ToolConfig[] = BUILTIN_TOOL_NAMES.map((name) => ({ isBuiltin: true, name }));

export function scopedRole(slug: string, name?: string): RoleSpec {
  const active = [{ field: "status", op: "eq" as const, value: "active" }];
  const masks = [
    { path: "data.ssn", type: "hide" as const },
    { path: "data.email", type: "redact" as const },
  ];
  return {
    ...(name && { name }),
    policies: [
      { resource: slug, action: "read", rules: active, masks },
      { resource: slug, action: "list", rules: active, masks },
      { resource: slug, action: "update", rules: active },
      { resource: slug, action: "delete", rules: active },
      { resource: slug, action: "create" },
    ],
  };
}

export async function toolFixture(tenant?: Tenant) {
  const t = tenant ?? (await createTenant());
  const db = testDb();
  const user = async (id: string) => (await buildUserActor(db, id, t.org.id)) as UserActor;
  const owner = await user(t.owner.id);
  const type = async (name: string, schema: EntityTypeInput["schema"]) =>
    (await createEntityType({ db, actor: owner }, { name, slug: uid(name), schema })).slug;
  const slug = await type("student", studentSchema);
  const people = await type("person", { type: "object" });
  await grantRoles(t.org.id, t.member.id, [scopedRole(slug)]);
  await createRoleFrom(t.org.id, scopedRole(slug, "agent"));
  const scopedRoleId = await createRoleFrom(t.org.id, scopedRole(slug));
  const emptyRoleId = await createRoleFrom(t.org.id, { policies: [] });
  const agent = await createAgent(t.org.id);
  const strangerUser = await createMember(t.org.id, "member");
  const actors = {
    owner,
    admin: await user(t.admin.id),
    /** A member with the scoped role. */
    member: await user(t.member.id),
    /** A member without roles. */
    stranger: await user(strangerUser.id),
    /** The public API's agent actor: the organization's `agent` role. */
    agent: { type: "agent", agentId: agent.id, orgId: t.org.id, roleIds: [] } as AgentActor,
  };

  /** A student made by the owner: active (in the scoped role's scope) or archived (out of it). */
  async function make(status: "active" | "archived", data: Record<string, unknown> = {}) {
    const record = await createEntity(
      { db, actor: owner },
      {
        entityTypeSlug: slug,
        status,
        data: { name: uid("pupil"), grade: 5, ssn: SSN, email: EMAIL, ...data },
      },
    );
    return record.id;
  }

  async function call(
    name: string,
    input: unknown,
    options: CallOptions = {},
  ): Promise<ToolOutcome> {
    if (options.permission) {
      await setToolPermission(
        { db, actor: owner },
        { agentId: agent.id, toolName: name, identityMode: "inherit", ...options.permission },
      );
    }
    const permissions = options.permission
      ? await loadToolPermissions(db, t.org.id, agent.id)
      : new Map<string, ToolPermission>();
    const before = options.unchanged ? await businessSnapshot(t.org.id) : null;
    const outcome = await executeToolCall(
      {
        db: options.db ?? db,
        chatActor: options.actor ?? owner,
        agentId: agent.id,
        threadId: uid("thread"),
        executionId: uid("execution"),
        tools: ALL_TOOLS,
        permissions,
        signal: options.signal ?? new AbortController().signal,
      },
      { id: uid("call"), name, input },
    );
    if (before !== null) expect(await businessSnapshot(t.org.id), "the call wrote").toBe(before);
    return outcome;
  }

  return { t, slug, people, agentId: agent.id, scopedRoleId, emptyRoleId, actors, make, call };
}

/** The output of a successful call; fails the test with the error otherwise. */
export function outputOf(outcome: ToolOutcome): unknown {
  if (!outcome.ok) expect.fail(`the tool call failed: ${outcome.error}`);
  return outcome.output;
}

/** Fails unless the call failed with this message (a string is matched exactly). */
export function expectError(outcome: ToolOutcome, error: string | RegExp): void {
  expect(outcome.ok, `the tool call succeeded: ${JSON.stringify(outcome)}`).toBe(false);
  if (outcome.ok) return;
  if (typeof error === "string") expect(outcome.error).toBe(error);
  else expect(outcome.error).toMatch(error);
}
