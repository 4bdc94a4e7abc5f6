import { beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_TOOL_NAMES } from "@/server/agent/tools/names";
import { cases, type Target } from "@/test/agent-tool-cases";
import { outputOf, toolFixture, type CallOptions, type ToolFixture } from "@/test/agent-tools";

// Every built-in tool through executeToolCall, against the real database and policy engine, as
// each identity a tool can run as (docs/agents.md). The scoped role (test/agent-tools.ts)
// reaches active students only: an archived one is out of its scope.

let f: ToolFixture;

beforeAll(async () => {
  f = await toolFixture();
});

it("every built-in tool has a case", () => {
  expect(Object.keys(cases).sort()).toEqual([...BUILTIN_TOOL_NAMES].sort());
});

describe.each(BUILTIN_TOOL_NAMES)("%s", (name) => {
  const tool = cases[name];

  /** Arranges a call on the target and runs it; checks what it must give. */
  async function expectAllowed(target: Target, options: CallOptions) {
    const arranged = await tool.arrange(f, target);
    await arranged.allowed(outputOf(await f.call(name, arranged.input, options)));
  }
  async function expectHidden(target: Target, options: CallOptions) {
    const arranged = await tool.arrange(f, target);
    await arranged.hidden(await f.call(name, arranged.input, { ...options, unchanged: true }));
  }
  async function expectDenied(options: CallOptions) {
    const arranged = await tool.arrange(f, "in");
    await arranged.denied(await f.call(name, arranged.input, { ...options, unchanged: true }));
  }

  it("allowed: owners and admins act on any record (no tool permission)", async () => {
    await expectAllowed("in", { actor: f.actors.owner });
    await expectAllowed("out", { actor: f.actors.owner });
    await expectAllowed("out", { actor: f.actors.admin });
  });

  it("system: acts on any record, whatever the chat's actor may do", async () => {
    const options = { actor: f.actors.stranger, permission: { identityMode: "system" as const } };
    await expectAllowed("in", options);
    await expectAllowed("out", options);
    // The same chat actor without the permission has no access at all.
    await expectDenied({ actor: f.actors.stranger });
  });

  it("inherit, user chat actor: the member's roles decide and scope", async () => {
    await expectAllowed("in", { actor: f.actors.member });
    await expectHidden("out", { actor: f.actors.member });
    const inherit = { identityMode: "inherit" as const };
    await expectAllowed("in", { actor: f.actors.member, permission: inherit });
    await expectHidden("out", { actor: f.actors.member, permission: inherit });
  });

  it("inherit, agent chat actor: the organization's `agent` role decides and scopes", async () => {
    await expectAllowed("in", { actor: f.actors.agent });
    await expectHidden("out", { actor: f.actors.agent });
    const inherit = { identityMode: "inherit" as const };
    await expectHidden("out", { actor: f.actors.agent, permission: inherit });
  });

  it("configured: the configured role decides and scopes, not the chat's actor", async () => {
    const scoped = { identityMode: "configured" as const, configuredRoleId: f.scopedRoleId };
    // The stranger may do nothing; the tool still runs as the scoped role.
    await expectAllowed("in", { actor: f.actors.stranger, permission: scoped });
    await expectHidden("out", { actor: f.actors.stranger, permission: scoped });
    // The owner may do everything; the tool still runs as the scoped role only.
    await expectHidden("out", { actor: f.actors.owner, permission: scoped });
  });

  it("denied: no matching policy is refused with a clear message, and nothing is written", async () => {
    await expectDenied({ actor: f.actors.stranger });
    await expectDenied({
      actor: f.actors.owner,
      permission: { identityMode: "configured", configuredRoleId: f.emptyRoleId },
    });
  });
});
