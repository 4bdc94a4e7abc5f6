import { describe, expect, it } from "vitest";
import { clerkIssuer } from "@/server/auth/clerk-issuer";
import { clerkAuthFrom, sessionForClerkAuth, type ClerkAuth } from "@/server/auth/clerk-session";
import { deleteClerkMembership, upsertClerkMembership } from "@/server/auth/clerk-sync";
import { testDb, uid } from "@/test/db";

// Provisioning from a Clerk session token's claims (the webhook may arrive later).

const now = () => new Date();
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

/** A token's auth as clerkAuthFrom makes it, issued now unless said otherwise. */
const token = (auth: Omit<ClerkAuth, "issuedAt" | "claims"> & Partial<ClerkAuth>): ClerkAuth => ({
  issuedAt: now(),
  claims: {},
  ...auth,
});

describe("Clerk session provisioning", () => {
  it("creates the user and a personal workspace once, however many first requests arrive together", async () => {
    const userId = uid("user_clerk");
    const sessions = await Promise.all(
      Array.from({ length: 6 }, () =>
        sessionForClerkAuth(testDb(), token({ userId, claims: { name: "Lin" } })),
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
    const first = await sessionForClerkAuth(
      testDb(),
      token({ userId, orgId, orgRole: "org:admin", orgSlug: slug, issuedAt: secondsAgo(30) }),
    );
    const organization = await testDb().organization.findUniqueOrThrow({
      where: { clerkOrgId: orgId },
    });
    expect(first.orgId).toBe(organization.id);
    expect(organization.slug).toBe(slug);
    const again = await sessionForClerkAuth(
      testDb(),
      token({ userId, orgId, orgRole: "org:member", orgSlug: slug }),
    );
    expect(again).toEqual(first);
    const membership = await testDb().membership.findFirstOrThrow({
      where: { organizationId: organization.id },
    });
    expect(membership.role).toBe("member");
  });
});

describe("Clerk session tokens older than what we know", () => {
  async function member(role = "org:admin") {
    const userId = uid("user_clerk");
    const orgId = uid("org_clerk");
    const auth = { userId, orgId, orgRole: role, orgSlug: uid("acme") };
    await sessionForClerkAuth(testDb(), token({ ...auth, issuedAt: secondsAgo(120) }));
    return auth;
  }
  const membershipOf = (auth: { userId: string; orgId: string }) =>
    testDb().membership.findFirst({
      where: { user: { clerkUserId: auth.userId }, organization: { clerkOrgId: auth.orgId } },
    });

  it("a membership the webhook removed is not re-created by a token issued before the removal", async () => {
    const auth = await member();
    const issuedBefore = secondsAgo(60);
    expect(
      await deleteClerkMembership(testDb(), { clerkOrgId: auth.orgId, clerkUserId: auth.userId }),
    ).toBe(true);
    const stale = await sessionForClerkAuth(testDb(), token({ ...auth, issuedAt: issuedBefore }));
    expect(stale.orgId).toBeNull();
    expect(await membershipOf(auth)).toBeNull();
    // A token issued after the removal (the user was added again in Clerk) provisions it.
    const fresh = await sessionForClerkAuth(
      testDb(),
      token({ ...auth, issuedAt: new Date(Date.now() + 2000) }),
    );
    expect(fresh.orgId).not.toBeNull();
    expect(await membershipOf(auth)).toMatchObject({ role: "admin" });
  });

  it("a token issued before a role change does not revert it", async () => {
    const auth = await member("org:admin");
    const organization = await testDb().organization.findUniqueOrThrow({
      where: { clerkOrgId: auth.orgId },
    });
    // The webhook demotes the user (Clerk's updated_at: 10 seconds ago).
    await upsertClerkMembership(testDb(), {
      organization: { clerkOrgId: auth.orgId, name: organization.name },
      user: { clerkUserId: auth.userId },
      role: "org:member",
      changedAt: secondsAgo(10),
    });
    const session = await sessionForClerkAuth(
      testDb(),
      token({ ...auth, orgRole: "org:admin", issuedAt: secondsAgo(30) }),
    );
    expect(session.orgId).toBe(organization.id);
    expect(await membershipOf(auth)).toMatchObject({ role: "member" });
  });
});

describe("Clerk session tokens of another instance", () => {
  const host = "example-app.clerk.accounts.dev";
  const publishableKey = `pk_test_${Buffer.from(`${host}$`).toString("base64")}`;
  const session = (claims: Record<string, unknown>) => ({
    userId: "user_1",
    orgId: "org_1",
    orgRole: "org:admin",
    orgSlug: "acme",
    sessionClaims: { sub: "user_1", iat: 1_700_000_000, ...claims },
  });

  it("the issuer is the Frontend API the publishable key names", () => {
    expect(clerkIssuer(publishableKey)).toBe(`https://${host}`);
    expect(clerkIssuer(`pk_live_${Buffer.from("clerk.example.com$").toString("base64")}`)).toBe(
      "https://clerk.example.com",
    );
    for (const bad of [undefined, "", "pk_test_", "sk_test_abc", `pk_test_${btoa("no-dollar")}`]) {
      expect(clerkIssuer(bad)).toBeNull();
    }
  });

  it("are refused: only tokens whose iss is our instance's, with an iat, are sessions", () => {
    expect(clerkAuthFrom(session({ iss: `https://${host}` }), publishableKey)).toMatchObject({
      userId: "user_1",
      orgId: "org_1",
      issuedAt: new Date(1_700_000_000 * 1000),
    });
    for (const iss of [undefined, "https://evil.clerk.accounts.dev", `http://${host}`, host]) {
      expect(clerkAuthFrom(session({ iss }), publishableKey)).toBeNull();
    }
    expect(clerkAuthFrom(session({ iss: `https://${host}`, iat: undefined }), publishableKey)).toBe(
      null,
    );
    // No usable publishable key: nothing is accepted.
    expect(clerkAuthFrom(session({ iss: `https://${host}` }), undefined)).toBeNull();
    expect(clerkAuthFrom({ userId: null }, publishableKey)).toBeNull();
  });
});
