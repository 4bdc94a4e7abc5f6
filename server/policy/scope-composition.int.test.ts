import { describe, expect, it } from "vitest";
import { callerFor } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createEntity, createEntityType, createTenant } from "@/test/factories";

// Services combine each type with its scope (search across types, related records, events).
// A scope rule on the `entityTypeId` column must narrow that combination, never replace the
// type condition: here a rule on type A names type B, which the member has no policy for.

describe("a type's scope combined with the type condition", () => {
  it("never opens another type through a rule on entityTypeId", async () => {
    const tenant = await createTenant();
    const [a, b] = [await createEntityType(tenant.org.id), await createEntityType(tenant.org.id)];
    const role = await testDb().role.create({
      data: { organizationId: tenant.org.id, name: uid("role") },
    });
    for (const action of ["list", "read"]) {
      const policy = await testDb().policy.create({
        data: {
          organizationId: tenant.org.id,
          roleId: role.id,
          resource: a.slug,
          action,
          effect: "allow",
        },
      });
      await testDb().scopeRule.create({
        data: {
          organizationId: tenant.org.id,
          policyId: policy.id,
          type: "field",
          field: "entityTypeId",
          operator: "eq",
          value: b.id,
        },
      });
    }
    await testDb().userRole.create({
      data: { organizationId: tenant.org.id, userId: tenant.member.id, roleId: role.id },
    });
    const word = uid("word").replace("-", "");
    const inA = await createEntity(a, { data: { name: word }, searchText: word });
    const inB = await createEntity(b, { data: { name: word }, searchText: word });
    await testDb().entityRelation.create({
      data: {
        organizationId: tenant.org.id,
        fromEntityId: inA.id,
        toEntityId: inB.id,
        relationType: "knows",
      },
    });
    await testDb().event.create({
      data: {
        organizationId: tenant.org.id,
        entityId: inB.id,
        entityTypeSlug: b.slug,
        eventType: `${b.slug}.created`,
        actorType: "system",
      },
    });

    const member = callerFor({ userId: tenant.member.id, orgId: tenant.org.id });
    expect((await member.entities.search({ query: word })).items).toEqual([]);
    const events = await member.events.list({});
    expect(events.items.map((event) => event.entityId)).not.toContain(inB.id);
    const owner = callerFor({ userId: tenant.owner.id, orgId: tenant.org.id });
    expect(
      (await owner.entities.search({ query: word })).items.map((item) => item.id).sort(),
    ).toEqual([inA.id, inB.id].sort());
  });
});
