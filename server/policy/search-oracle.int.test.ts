import { describe, expect, it } from "vitest";
import { callerFor } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createEntity, createEntityType, createTenant } from "@/test/factories";

// Neither search nor filters may be an oracle: a member who cannot see a field cannot find
// records by its value, although the stored search vector contains it.

async function maskedMember(maskType: "hide" | "redact", searchFields: string[]) {
  const tenant = await createTenant();
  const type = await createEntityType(tenant.org.id, { searchFields });
  const role = await testDb().role.create({
    data: { organizationId: tenant.org.id, name: uid("role") },
  });
  for (const action of ["list", "read"]) {
    const policy = await testDb().policy.create({
      data: {
        organizationId: tenant.org.id,
        roleId: role.id,
        resource: type.slug,
        action,
        effect: "allow",
      },
    });
    await testDb().fieldMask.create({
      data: {
        organizationId: tenant.org.id,
        policyId: policy.id,
        fieldPath: "data.secret",
        maskType,
      },
    });
  }
  await testDb().userRole.create({
    data: { organizationId: tenant.org.id, userId: tenant.member.id, roleId: role.id },
  });
  const secret = uid("sentinel").replace("-", "");
  const entity = await createEntity(type, {
    data: { name: "Visible Person", secret },
    searchText: `visible person ${secret}`,
  });
  return {
    tenant,
    type,
    entity,
    secret,
    member: callerFor({ userId: tenant.member.id, orgId: tenant.org.id }),
  };
}

describe("search over masked fields", () => {
  it.each([
    ["hide", ["name", "secret"]],
    ["redact", ["name", "secret"]],
    ["hide", []],
  ] as const)(
    "%s with searchFields %j: the masked value finds nothing, visible words still match",
    async (maskType, fields) => {
      const { entity, secret, member, tenant } = await maskedMember(maskType, [...fields]);
      expect((await member.entities.search({ query: secret })).items).toEqual([]);
      const byName = await member.entities.search({ query: "visible pers" });
      expect(byName.items.map((item) => item.id)).toEqual([entity.id]);
      expect(JSON.stringify(byName)).not.toContain(secret);
      // The owner, who sees the field, finds the record by it.
      const owner = callerFor({ userId: tenant.owner.id, orgId: tenant.org.id });
      expect((await owner.entities.search({ query: secret })).items.map((item) => item.id)).toEqual(
        [entity.id],
      );
    },
  );
});

describe("filters over masked fields", () => {
  it("refuses a data filter on a masked field (it would reveal the value by guessing)", async () => {
    const { type, secret, member } = await maskedMember("hide", ["name"]);
    // Spelled as the SQL reads them too: empty segments are dropped by the JSON path.
    for (const field of ["secret", "data.secret", ".secret", "data..secret", "secret."]) {
      const filters = [{ field, op: "eq" as const, value: secret }];
      // One at a time: a call made before its expectation is attached would reject unhandled.
      const calls = [
        () => member.entities.list({ entityTypeSlug: type.slug, filters }),
        () => member.entities.search({ query: "visible", filters }),
      ];
      for (const call of calls) {
        await expect(call()).rejects.toMatchObject({
          code: "FORBIDDEN",
          message: "Not allowed to filter on data.secret",
        });
      }
    }
    const visible = await member.entities.list({
      entityTypeSlug: type.slug,
      filters: [{ field: "name", op: "eq", value: "Visible Person" }],
    });
    expect(visible.items).toHaveLength(1);
  });
});
