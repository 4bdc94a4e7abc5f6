import { describe, expect, it } from "vitest";
import { as, caught, createType, eventsOf, fieldOf } from "@/test/business";
import { testDb } from "@/test/db";
import { createMember, createTenant, createUser } from "@/test/factories";
import { rolesSnapshot, seedRoles } from "@/test/roles";

// Role assignments (the original treated them as different, so duplicates slipped in): an absent and a null scope are the same
// scope, duplicates are refused, expired assignments are flagged and give no access.

const past = () => new Date(Date.now() - 60_000);
const future = () => new Date(Date.now() + 3_600_000);

describe("assignToUser / removeFromUser", () => {
  it("absent and null scope are one scope: the duplicate is CONFLICT, and either form removes it", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const ref = { roleId: seed.role.id, userId: t.member.id };
    const before = await rolesSnapshot(t.org.id);
    for (const duplicate of [ref, { ...ref, resourceType: null, resourceId: null }]) {
      const error = await caught(owner.roles.assignToUser(duplicate));
      expect([error.code, error.message]).toEqual(["CONFLICT", "User already has this role"]);
    }
    expect(await rolesSnapshot(t.org.id)).toBe(before);
    expect(
      await owner.roles.removeFromUser({ ...ref, resourceType: null, resourceId: null }),
    ).toEqual({ id: seed.assignment.id, removed: true });
    await owner.roles.assignToUser({ ...ref, resourceType: null });
    await owner.roles.removeFromUser(ref);
    expect(await testDb().userRole.count({ where: { userId: t.member.id } })).toBe(0);
    const missing = await caught(owner.roles.removeFromUser(ref));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("a scoped assignment is another scope; the scope must name this organization's type and record", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const other = await createType(owner);
    const ref = { roleId: seed.role.id, userId: t.member.id, resourceType: seed.type.slug };
    const scoped = await owner.roles.assignToUser(ref);
    expect(scoped).toMatchObject({ resourceType: seed.type.slug, resourceId: null });
    const record = await owner.roles.assignToUser({ ...ref, resourceId: seed.ada.id });
    expect(record).toMatchObject({ resourceId: seed.ada.id, grantedById: t.owner.id });
    expect((await caught(owner.roles.assignToUser(ref))).code).toBe("CONFLICT");
    const before = await rolesSnapshot(t.org.id);
    const bad = [
      [{ ...ref, resourceType: undefined, resourceId: seed.ada.id }, "resourceType"],
      [{ ...ref, resourceType: "no-such-type" }, "resourceType"],
      [{ ...ref, resourceType: other.slug, resourceId: seed.ada.id }, "resourceId"],
      [{ ...ref, resourceId: "nope" }, "resourceId"],
    ] as const;
    for (const [input, field] of bad) {
      const error = await caught(owner.roles.assignToUser(input));
      expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", field]);
    }
    expect(await rolesSnapshot(t.org.id)).toBe(before);
    await owner.roles.removeFromUser({ ...ref, resourceId: seed.ada.id });
    expect(await owner.roles.getUserRoles({ userId: t.member.id })).toMatchObject([
      { resourceType: null },
      { resourceType: seed.type.slug, resourceId: null },
    ]);
  });

  it("an expiry in the past is BAD_REQUEST; a user outside the organization is NOT_FOUND", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const before = await rolesSnapshot(t.org.id);
    const expired = await caught(
      owner.roles.assignToUser({ roleId: seed.role.id, userId: t.admin.id, expiresAt: past() }),
    );
    expect([expired.code, fieldOf(expired)]).toEqual(["BAD_REQUEST", "expiresAt"]);
    const stranger = await createUser();
    for (const userId of [stranger.id, "nope"]) {
      const error = await caught(owner.roles.assignToUser({ roleId: seed.role.id, userId }));
      expect(error.code).toBe("NOT_FOUND");
      expect((await caught(owner.roles.getUserRoles({ userId }))).code).toBe("NOT_FOUND");
    }
    const unknownRole = await caught(owner.roles.assignToUser({ roleId: "x", userId: t.admin.id }));
    expect(unknownRole.code).toBe("NOT_FOUND");
    expect(await rolesSnapshot(t.org.id)).toBe(before);
  });

  it("records role.assigned and role.unassigned with who granted it", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const expiresAt = future();
    const newcomer = await createMember(t.org.id);
    const ref = { roleId: seed.role.id, userId: newcomer.id };
    await as(t, "admin").roles.assignToUser({ ...ref, expiresAt });
    await as(t, "admin").roles.removeFromUser(ref);
    expect(await eventsOf(t.org.id, { eventType: "role.assigned" })).toMatchObject([
      { actorId: t.owner.id, payload: { userId: t.member.id } },
      {
        actorId: t.admin.id,
        payload: {
          userId: newcomer.id,
          roleName: seed.role.name,
          expiresAt: expiresAt.toISOString(),
        },
      },
    ]);
    expect(await eventsOf(t.org.id, { eventType: "role.unassigned" })).toMatchObject([
      { actorId: t.admin.id, payload: { userId: newcomer.id, resourceType: null, expired: false } },
    ]);
  });
});

describe("assignments and access", () => {
  it("the assignment gives the member the role's scoped, masked reads; removing it takes them away", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const member = as(t, "member");
    expect((await member.entities.get({ id: seed.ada.id })).data).toEqual({ name: "Ada" });
    expect((await caught(member.entities.get({ id: seed.alan.id }))).code).toBe("NOT_FOUND");
    await as(t, "owner").roles.removeFromUser({ roleId: seed.role.id, userId: t.member.id });
    expect((await caught(member.entities.get({ id: seed.ada.id }))).code).toBe("NOT_FOUND");
  });

  it("an expired assignment is flagged, gives nothing, and assigning again renews it", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    await testDb().userRole.update({
      where: { id: seed.assignment.id },
      data: { expiresAt: past() },
    });
    const member = as(t, "member");
    expect(await member.roles.getUserRoles({ userId: t.member.id })).toMatchObject([
      { id: seed.assignment.id, expired: true, role: { id: seed.role.id, name: seed.role.name } },
    ]);
    expect((await caught(member.entities.get({ id: seed.ada.id }))).code).toBe("NOT_FOUND");
    const expiresAt = future();
    const renewed = await as(t, "admin").roles.assignToUser({
      roleId: seed.role.id,
      userId: t.member.id,
      expiresAt,
    });
    expect(renewed).toMatchObject({ id: seed.assignment.id, expiresAt, grantedById: t.admin.id });
    expect(await member.roles.getUserRoles({ userId: t.member.id })).toMatchObject([
      { expired: false },
    ]);
    expect((await member.entities.get({ id: seed.ada.id })).id).toBe(seed.ada.id);
    expect((await eventsOf(t.org.id, { eventType: "role.assigned" })).at(-1)).toMatchObject({
      payload: { renewed: true },
    });
  });

  it("a role assigned for another type does not apply to this one", async () => {
    const t = await createTenant();
    const seed = await seedRoles(t);
    const owner = as(t, "owner");
    const other = await createType(owner);
    await owner.roles.removeFromUser({ roleId: seed.role.id, userId: t.member.id });
    await owner.roles.assignToUser({
      roleId: seed.role.id,
      userId: t.member.id,
      resourceType: other.slug,
    });
    expect((await caught(as(t, "member").entities.get({ id: seed.ada.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
