import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerFor } from "@/test/callers";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";

// Input PostgreSQL cannot store, or nested past what validators recurse through, is a 400 that
// names the problem, for every procedure (the ladder's first step), and nothing is written. It
// used to fail the query and reach the client as "Internal server error".

async function badRequest(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("BAD_REQUEST");
  return (error as TRPCError).message;
}

type Json = boolean | { [key: string]: Json };

function nested(depth: number): { [key: string]: Json } {
  let value: { [key: string]: Json } = { leaf: true };
  for (let level = 0; level < depth; level++) value = { child: value };
  return value;
}

describe("tRPC input PostgreSQL cannot store", () => {
  it("a NUL in a string is refused and changes nothing", async () => {
    const t = await createTenant();
    const admin = callerFor({ userId: t.admin.id, orgId: t.org.id });
    expect(await badRequest(admin.organizations.update({ id: t.org.id, name: "Acme\u0000" }))).toBe(
      "The input's strings must not contain NUL characters or lone surrogates",
    );
    const org = await testDb().organization.findUniqueOrThrow({ where: { id: t.org.id } });
    expect(org.name).toBe(t.org.name);
  });

  it("a lone surrogate in a key or a value is refused and creates nothing", async () => {
    const t = await createTenant();
    const admin = callerFor({ userId: t.admin.id, orgId: t.org.id });
    const schema = { type: "object", properties: { ["name\uD800"]: { type: "string" } } };
    await badRequest(admin.entityTypes.create({ name: "Students", slug: "students", schema }));
    await badRequest(
      admin.entityTypes.create({ name: "Stu\uDC00dents", slug: "students", schema: {} }),
    );
    expect(await testDb().entityType.count({ where: { organizationId: t.org.id } })).toBe(0);
  });

  it("input nested past 64 levels is refused; 64 levels reach the procedure", async () => {
    const t = await createTenant();
    const admin = callerFor({ userId: t.admin.id, orgId: t.org.id });
    await admin.entityTypes.create({ name: "Notes", slug: "notes", schema: { type: "object" } });
    expect(
      await badRequest(admin.entities.create({ entityTypeSlug: "notes", data: nested(63) })),
    ).toBe("The input is nested deeper than 64 levels");
    expect(await testDb().entity.count({ where: { organizationId: t.org.id } })).toBe(0);
    expect(
      await badRequest(admin.entities.create({ entityTypeSlug: "notes", data: nested(5_000) })),
    ).toBe("The input is nested deeper than 64 levels");
    // The input object, data, then 62 levels of child, the last the leaf's object: 64 levels.
    const created = await admin.entities.create({ entityTypeSlug: "notes", data: nested(62) });
    expect(created.id).toBeTruthy();
  });

  it("well-formed text of any script, emoji included, passes", async () => {
    const t = await createTenant();
    const admin = callerFor({ userId: t.admin.id, orgId: t.org.id });
    const updated = await admin.organizations.update({ id: t.org.id, name: "École 学校 🎓" });
    expect(updated.name).toBe("École 学校 🎓");
  });
});
