import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { AgentConfigInput } from "@/server/agent/config";
import { MAX_PATTERN_INPUT } from "@/server/policy/mask";
import {
  as,
  businessSnapshot,
  caught,
  createType,
  fieldOf,
  type JsonSchema,
} from "@/test/business";
import { callerFor } from "@/test/callers";
import { uid } from "@/test/db";
import { createMember, createTenant } from "@/test/factories";
import { grantRoles } from "@/test/policy";
import { rolesSnapshot, seedRoles } from "@/test/roles";

// Tenants' regular expressions and schemas through the API (docs/tenant-patterns.md): patterns
// run on RE2 in linear time, what RE2 cannot run is refused on save naming the field, and one
// organization's schema can neither reach nor break another's.

const elapsed = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

describe("field mask patterns", () => {
  it.each([
    ["a lookahead", "\\d(?=\\d{4})", /lookahead and lookbehind are not supported/],
    ["a backreference", "(\\d)\\1", /backreferences are not supported/],
    ["too large a program", "[0-9]{1,100}", /too large once compiled/],
  ])(
    "%s is BAD_REQUEST on maskConfig.pattern; nothing is written",
    async (_label, pattern, why) => {
      const t = await createTenant();
      const seed = await seedRoles(t);
      const before = await rolesSnapshot(t.org.id);
      const error = await caught(
        as(t, "owner").roles.addFieldMask({
          policyId: seed.policy.id,
          fieldPath: "data.phone",
          maskType: "redact",
          maskConfig: { pattern, replacement: "#" },
        }),
      );
      expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "maskConfig.pattern"]);
      expect(error.message).toMatch(why);
      expect(await rolesSnapshot(t.org.id)).toBe(before);
    },
  );

  it("a catastrophic mask reads a page of long values without stalling", async () => {
    // `(a+)+$` is accepted (RE2 runs it in linear time); on JavaScript's engine the list below
    // took 1.9 s for one 28-character value, and would not have finished for the long ones.
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { schema: { type: "object" } });
    const values = [`${"a".repeat(28)}!`, `${"a".repeat(MAX_PATTERN_INPUT - 1)}!`, "aaaa"];
    for (const v of values) await owner.entities.create({ entityTypeId: type.id, data: { v } });
    const user = await createMember(t.org.id);
    const config = { pattern: "(a+)+$", replacement: "*" };
    await grantRoles(t.org.id, user.id, [
      {
        policies: [
          { resource: type.slug, action: "*", masks: [{ path: "data.v", type: "redact", config }] },
        ],
      },
    ]);
    const member = callerFor({ userId: user.id, orgId: t.org.id });
    let read: string[] = [];
    const took = await elapsed(async () => {
      const page = await member.entities.list({ entityTypeId: type.id });
      read = page.items.map((item) => (item.data as { v: string }).v);
    });
    expect(read.sort()).toEqual([values[0], values[1], "*"].sort());
    expect(took).toBeLessThan(1_000);
  });
});

describe("entity type schemas", () => {
  it.each<[string, JsonSchema, string]>([
    [
      "a lookahead pattern",
      { type: "object", properties: { email: { type: "string", pattern: "^\\w+(?=@)" } } },
      "schema.properties.email.pattern",
    ],
    [
      "a backreference in patternProperties",
      { type: "object", patternProperties: { "^(x)\\1$": { type: "string" } } },
      "schema.patternProperties.^(x)\\1$",
    ],
    [
      "a reference to another document",
      { type: "object", properties: { x: { $ref: "https://org-b.example/student" } } },
      "schema.properties.x.$ref",
    ],
    ["an $id", { $id: "https://org-a.example/student", type: "object" }, "schema.$id"],
    [
      "an $anchor",
      { type: "object", $defs: { s: { $anchor: "student" } } },
      "schema.$defs.s.$anchor",
    ],
  ])("%s is BAD_REQUEST naming the path; nothing is stored", async (_label, schema, field) => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const before = await businessSnapshot(t.org.id);
    const created = await caught(createType(as(t, "owner"), { schema }));
    expect([created.code, fieldOf(created)]).toEqual(["BAD_REQUEST", field]);
    const updated = await caught(as(t, "owner").entityTypes.update({ id: type.id, schema }));
    expect([updated.code, fieldOf(updated)]).toEqual(["BAD_REQUEST", field]);
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("org A's schema cannot reference org B's, and B's compile never depends on A", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const secret = {
      type: "object",
      required: ["ssn"],
      properties: { ssn: { type: "string", pattern: "^9[0-9]{8}$" } },
    };
    const name = `https://agentforge.test/${uid("schema")}`;
    // B cannot publish its schema under a name, so A has nothing to reach; A claiming the name
    // first (which used to make B's create fail) is refused the same way.
    for (const t of [a, b]) {
      const error = await caught(createType(as(t, "owner"), { schema: { $id: name, ...secret } }));
      expect(fieldOf(error)).toBe("schema.$id");
    }
    const stolen = { type: "object", properties: { x: { $ref: name } } };
    expect(fieldOf(await caught(createType(as(a, "owner"), { schema: stolen })))).toBe(
      "schema.properties.x.$ref",
    );
    // Local references resolve in their own schema only: B's definitions are not A's.
    await createType(as(b, "owner"), { schema: { $defs: { secret }, type: "object" } });
    const local = { type: "object", properties: { x: { $ref: "#/$defs/secret" } } };
    const error = await caught(createType(as(a, "owner"), { schema: local }));
    expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "schema"]);
    expect(error.message).not.toContain("ssn");
    // The same schema text in both organizations compiles for both, with nothing shared.
    for (const t of [a, b]) await createType(as(t, "owner"), { schema: secret });
  });

  it("a catastrophic pattern checks a 64 KiB value in linear time", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const schema = { type: "object", properties: { v: { type: "string", pattern: "^(a+)+$" } } };
    const type = await createType(owner, { schema });
    for (const v of [`${"a".repeat(28)}!`, `${"a".repeat(60_000)}!`]) {
      let error: Awaited<ReturnType<typeof caught>> | undefined;
      const took = await elapsed(async () => {
        error = await caught(owner.entities.create({ entityTypeId: type.id, data: { v } }));
      });
      expect([error?.code, error && fieldOf(error)]).toEqual(["BAD_REQUEST", "data.v"]);
      expect(took).toBeLessThan(1_000);
    }
  });
});

describe("custom tool parameters", () => {
  const config = (parameters: Record<string, unknown>): AgentConfigInput => ({
    name: "Support",
    systemPrompt: "You answer support questions.",
    model: { provider: "anthropic", name: "claude-sonnet-4-5" },
    tools: [
      {
        isBuiltin: false,
        name: "lookup",
        description: "Looks up",
        parameters,
        handlerCode: "return args;",
      },
    ],
  });

  it.each([
    [{ q: { type: "string", pattern: "^(?!admin)" } }, "q.pattern"],
    [{ q: { $ref: "https://org-b.example/tool" } }, "q.$ref"],
    [{ q: { $id: "https://org-a.example/tool" } }, "q.$id"],
  ])("refuses %j at the zod path of the place", async (properties, place) => {
    const t = await createTenant();
    const error = await caught(
      as(t, "owner").agents.create({
        name: "Broken",
        config: config({ type: "object", properties }),
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    const paths = (error.cause as ZodError).issues.map((issue) => issue.path.join("."));
    expect(paths).toContain(`config.tools.0.parameters.properties.${place}`);
  });
});
