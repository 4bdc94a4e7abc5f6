import { describe, expect, it } from "vitest";
import { localSignIn, switchLocalOrganization } from "@/server/auth/local-auth";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";

describe("local sign-in", () => {
  it("creates a user with a personal workspace, and signs the same email in again", async () => {
    const email = `${uid("ada")}@example.test`;
    const first = await localSignIn(testDb(), { name: "Ada", email: email.toUpperCase() });
    const workspace = await testDb().organization.findUniqueOrThrow({
      where: { id: first.orgId! },
    });
    expect(workspace.name).toBe("Ada's Workspace");
    const again = await localSignIn(testDb(), { name: "Ada", email });
    expect(again).toEqual(first);
  });

  it("creates a named organization, or enters one the user belongs to, and refuses others", async () => {
    const session = await localSignIn(testDb(), {
      name: "Bo",
      email: `${uid("bo")}@example.test`,
      organizationName: "Bo's Shop",
    });
    const membership = await testDb().membership.findFirstOrThrow({
      where: { userId: session.userId, organizationId: session.orgId! },
    });
    expect(membership.role).toBe("owner");
    expect(
      await localSignIn(testDb(), { userId: session.userId, organizationId: session.orgId! }),
    ).toEqual(session);
    const stranger = await createTenant();
    await expect(
      localSignIn(testDb(), { userId: session.userId, organizationId: stranger.org.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(switchLocalOrganization(testDb(), session, stranger.org.id)).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
  });

  it("validates new users and never signs in Clerk or deleted users", async () => {
    await expect(localSignIn(testDb(), { name: "", email: "a@b.test" })).rejects.toMatchObject({
      field: "name",
    });
    await expect(localSignIn(testDb(), { name: "A", email: "nope" })).rejects.toMatchObject({
      field: "email",
    });
    const tenant = await createTenant(); // factory users have Clerk ids
    await expect(localSignIn(testDb(), { userId: tenant.owner.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
