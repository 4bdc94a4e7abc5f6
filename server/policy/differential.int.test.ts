import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "@/server/auth/actor";
import { loadPolicyContext, PolicyEngine } from "@/server/policy";
import { testDb } from "@/test/db";
import { createAgent, createEntityType, createOrganization } from "@/test/factories";
import { createRoleFrom } from "@/test/policy";
import { recordArb, relationsArb, rolesArb, RECORDS_MAX } from "@/test/policy-arbitraries";
import { seedPolicyRun, type PolicyRun } from "@/test/policy-scenario";

// Differential property test of the policy engine (docs/permissions.md): for random policies, records and
// relations, the rows the SQL scope returns are exactly the rows the in-memory evaluation keeps,
// and masking never lets a hidden value through. The SQL side is what lists and pages use; the
// in-memory side is what explain and the simulator show: they must never disagree.

let org: { id: string };
let peopleTypeId: string;

beforeAll(async () => {
  org = await createOrganization();
  peopleTypeId = (await createEntityType(org.id)).id;
});

async function check(run: PolicyRun): Promise<void> {
  const { db, type, ids, engine, hidden, sentinel } = await seedPolicyRun(org, peopleTypeId, run);
  const inSql = await db.entity.findMany({
    where: {
      AND: [{ organizationId: org.id, entityTypeId: type.id }, engine.scope(type.slug, "list")],
    },
    select: { id: true },
  });
  const stored = await db.entity.findMany({ where: { entityTypeId: type.id } });
  const storedRelations = await db.entityRelation.findMany({
    where: { OR: [{ fromEntityId: { in: ids } }, { toEntityId: { in: ids } }] },
  });
  const inMemory = stored.filter((record) =>
    engine.inScope(type.slug, "list", record, storedRelations),
  );
  const sorted = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
  expect(sorted(inSql), "SQL scope and in-memory evaluation disagree").toEqual(sorted(inMemory));

  for (const record of stored) {
    const shown = JSON.stringify(engine.mask(type.slug, record));
    expect(shown, `a hidden value left through a mask (${hidden.join(", ")})`).not.toContain(
      sentinel,
    );
  }
  // The sentinel really is in the stored data whenever a path is hidden: the check above bites.
  if (hidden.length > 0 && stored.length > 0)
    expect(JSON.stringify(stored[0]!.data)).toContain(sentinel);
}

describe("policy engine: SQL scope = in-memory evaluation, masks hold", () => {
  it("agrees on random policies, records and relations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: RECORDS_MAX }),
        relationsArb,
        rolesArb,
        (records, relations, roles) => check({ records, relations, roles }),
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  it("an agent without a user: actor.userId matches nothing, and the query still runs", async () => {
    // The template used to resolve to a NUL character, which PostgreSQL refuses in a jsonb
    // parameter: every list of a public-API agent with such a rule failed (22P05).
    const own = await createOrganization();
    const type = await createEntityType(own.id);
    const agent = await createAgent(own.id);
    await createRoleFrom(own.id, {
      name: "agent",
      policies: [
        { resource: type.slug, action: "list", rules: [{ field: "data.b", op: "neq", value: 1 }] },
        {
          resource: type.slug,
          action: "list",
          effect: "deny",
          rules: [{ field: "data.ownerId", op: "eq", value: "actor.userId" }],
        },
      ],
    });
    const records = [{ ownerId: "someone" }, { ownerId: null }, {}, { b: 1 }];
    await testDb().entity.createMany({
      data: records.map((data) => ({ organizationId: own.id, entityTypeId: type.id, data })),
    });
    const actor: AgentActor = { type: "agent", agentId: agent.id, orgId: own.id, roleIds: [] };
    const engine = new PolicyEngine(await loadPolicyContext(testDb(), actor));
    const rows = await testDb().entity.findMany({
      where: { AND: [{ entityTypeId: type.id }, engine.scope(type.slug, "list")] },
    });
    expect(rows.map((row) => row.data)).toHaveLength(3);
    expect(rows.every((row) => engine.inScope(type.slug, "list", row, []))).toBe(true);
  });
});
