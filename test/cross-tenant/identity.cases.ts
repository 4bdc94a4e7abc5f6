import { expect } from "vitest";
import { testDb } from "@/test/db";
import { expectNotFound, type CrossTenantCases } from "@/test/cross-tenant/harness";

// Cross-tenant cases of the identity routers: system, organizations, users, memberships.
export const cases: CrossTenantCases = {
  "system.health": async ({ asOwnerOfA }) => {
    expect(await asOwnerOfA.system.health()).toMatchObject({ database: "ok" });
  },
  "organizations.get": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.organizations.get({ id: b.org.id })),
  "organizations.getBySlug": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.organizations.getBySlug({ slug: b.org.slug })),
  "organizations.getCurrent": async ({ a, asOwnerOfA }) => {
    expect((await asOwnerOfA.organizations.getCurrent()).id).toBe(a.org.id);
  },
  "organizations.listMine": async ({ a, b, asOwnerOfA }) => {
    const ids = (await asOwnerOfA.organizations.listMine()).map((org) => org.id);
    expect(ids).toContain(a.org.id);
    expect(ids).not.toContain(b.org.id);
  },
  "organizations.create": async ({ b, asOwnerOfA }) => {
    // A new organization of A's owner; B is untouched (checked by the harness).
    const created = await asOwnerOfA.organizations.create({ name: "Side project" });
    expect(created.id).not.toBe(b.org.id);
  },
  "organizations.update": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.organizations.update({ id: b.org.id, name: "Taken over" })),
  // Both act on the caller's own organization (no id in the input): A's settings change, B's
  // do not (checked by the harness).
  "organizations.setNotificationWebhook": async ({ a, asOwnerOfA }) => {
    await asOwnerOfA.organizations.setNotificationWebhook({ url: "https://hooks.example.com/a" });
    const row = await testDb().organization.findUniqueOrThrow({ where: { id: a.org.id } });
    expect(row.notificationWebhookUrl).toBe("https://hooks.example.com/a");
  },
  "organizations.rotateNotificationSecret": async ({ a, asOwnerOfA }) => {
    const { signingSecret } = await asOwnerOfA.organizations.rotateNotificationSecret();
    const row = await testDb().organization.findUniqueOrThrow({ where: { id: a.org.id } });
    expect(row.notificationSigningSecret).toBe(signingSecret);
  },
  "users.get": ({ b, asOwnerOfA }) => expectNotFound(asOwnerOfA.users.get({ id: b.member.id })),
  "users.getCurrent": async ({ a, b, asOwnerOfA }) => {
    const me = await asOwnerOfA.users.getCurrent();
    expect(me.id).toBe(a.owner.id);
    expect(me.organizations.map((org) => org.id)).not.toContain(b.org.id);
  },
  "users.list": async ({ b, asOwnerOfA }) => {
    const ids = (await asOwnerOfA.users.list()).map((user) => user.id);
    for (const user of [b.owner, b.admin, b.member]) expect(ids).not.toContain(user.id);
  },
  "users.update": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.users.update({ id: b.member.id, name: "Renamed" })),
  "users.remove": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.users.remove({ id: b.member.id })),
  "memberships.list": async ({ b, asOwnerOfA }) => {
    const ids = (await asOwnerOfA.memberships.list()).map((member) => member.user.id);
    expect(ids).not.toContain(b.member.id);
  },
  "memberships.invite": async ({ b, asOwnerOfA }) => {
    // Inviting B's member adds them to A (an invitation is by email), never changes B.
    const result = await asOwnerOfA.memberships.invite({ email: b.member.email, role: "member" });
    expect(result.status).toBe("added");
    const inB = await testDb().membership.findMany({ where: { organizationId: b.org.id } });
    expect(inB).toHaveLength(3);
  },
  "memberships.changeRole": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.memberships.changeRole({ userId: b.member.id, role: "admin" })),
  "memberships.remove": ({ b, asOwnerOfA }) =>
    expectNotFound(asOwnerOfA.memberships.remove({ userId: b.member.id })),
  "memberships.leave": async ({ asOwnerOfA }) => {
    // A's only owner cannot leave A; B is untouched.
    await expect(asOwnerOfA.memberships.leave()).rejects.toMatchObject({ code: "CONFLICT" });
  },
};
