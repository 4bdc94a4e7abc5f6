import { describe, expect, it } from "vitest";
import { sessionForClerkAuth } from "@/server/auth/clerk-session";
import { testDb, uid } from "@/test/db";

// Provisioning from a Clerk session token's claims (the webhook may arrive later).

describe("Clerk session provisioning", () => {
  it("creates the user and a personal workspace once, however many first requests arrive together", async () => {
    const userId = uid("user_clerk");
    const sessions = await Promise.all(
      Array.from({ length: 6 }, () =>
        sessionForClerkAuth(testDb(), { userId, claims: { name: "Lin" } }),
      ),
    );
    expect(new Set(sessions.map((session) => JSON.stringify(session))).size).toBe(1);
    const user = await testDb().user.findUniqueOrThrow({
      where: { clerkUserId: userId },
      include: { memberships: { include: { organization: true } } },
    });
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({
      role: "owner",
      organization: { name: "Lin's Workspace" },
    });
  });

  it("joins Clerk's active organization with the token's role, and follows a role change", async () => {
    const userId = uid("user_clerk");
    const orgId = uid("org_clerk");
    const slug = uid("acme");
    const first = await sessionForClerkAuth(testDb(), {
      userId,
      orgId,
      orgRole: "org:admin",
      orgSlug: slug,
      claims: {},
    });
    const organization = await testDb().organization.findUniqueOrThrow({
      where: { clerkOrgId: orgId },
    });
    expect(first.orgId).toBe(organization.id);
    expect(organization.slug).toBe(slug);
    const again = await sessionForClerkAuth(testDb(), {
      userId,
      orgId,
      orgRole: "org:member",
      orgSlug: slug,
      claims: {},
    });
    expect(again).toEqual(first);
    const membership = await testDb().membership.findFirstOrThrow({
      where: { organizationId: organization.id },
    });
    expect(membership.role).toBe("member");
  });
});
