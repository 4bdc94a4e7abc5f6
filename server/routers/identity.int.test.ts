import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerFor } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createMember, createTenant, createUser, type Tenant } from "@/test/factories";

// The procedure ladder and the org-role matrix of every identity mutation (docs/identity.md).

type Role = "owner" | "admin" | "member";
const as = (tenant: Tenant, role: Role) =>
  callerFor({ userId: tenant[role].id, orgId: tenant.org.id });

async function errorCode(call: Promise<unknown>): Promise<string | null> {
  return call.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? error.code : `unexpected ${String(error)}`),
  );
}

const events = (orgId: string, eventType: string) =>
  testDb().event.findMany({
    where: { organizationId: orgId, eventType },
    orderBy: { timestamp: "asc" },
  });

describe("procedure ladder", () => {
  it("rejects a request without a session, for a deleted user, and outside the user's organizations", async () => {
    const tenant = await createTenant();
    expect(await errorCode(callerFor(null).users.getCurrent())).toBe("UNAUTHORIZED");
    await testDb().user.update({
      where: { id: tenant.member.id },
      data: { deletedAt: new Date() },
    });
    expect(await errorCode(as(tenant, "member").users.list())).toBe("UNAUTHORIZED");
    const other = await createTenant();
    expect(
      await errorCode(callerFor({ userId: tenant.owner.id, orgId: other.org.id }).users.list()),
    ).toBe("FORBIDDEN");
    expect(await errorCode(callerFor({ userId: tenant.owner.id, orgId: null }).users.list())).toBe(
      "FORBIDDEN",
    );
  });
});

describe("organizations", () => {
  it("update: owners and admins; members are refused and nothing changes; only owners change the plan", async () => {
    const t = await createTenant();
    expect(
      await errorCode(as(t, "member").organizations.update({ id: t.org.id, name: "Nope" })),
    ).toBe("FORBIDDEN");
    expect((await testDb().organization.findUniqueOrThrow({ where: { id: t.org.id } })).name).toBe(
      t.org.name,
    );
    expect(
      (await as(t, "admin").organizations.update({ id: t.org.id, name: "By admin" })).name,
    ).toBe("By admin");
    expect(
      await errorCode(as(t, "admin").organizations.update({ id: t.org.id, plan: "pro" })),
    ).toBe("FORBIDDEN");
    expect((await as(t, "owner").organizations.update({ id: t.org.id, plan: "pro" })).plan).toBe(
      "pro",
    );
    const updates = await events(t.org.id, "organization.updated");
    expect(updates.map((event) => event.actorId)).toEqual([t.admin.id, t.owner.id]);
  });

  it("the notification webhook URL is shown to owners and admins only, wherever the organization is read", async () => {
    const t = await createTenant();
    const url = `https://hooks.example.test/${uid()}?token=secret`;
    await as(t, "owner").organizations.setNotificationWebhook({ url });
    const reads = (role: Role) => {
      const caller = as(t, role);
      return Promise.all([
        caller.organizations.get({ id: t.org.id }),
        caller.organizations.getCurrent(),
        caller.organizations.getBySlug({ slug: t.org.slug }),
        caller.organizations.listMine().then((all) => all.find((org) => org.id === t.org.id)!),
        caller.users.getCurrent().then((me) => me.organizations.find((o) => o.id === t.org.id)!),
      ]);
    };
    for (const role of ["owner", "admin"] as const) {
      for (const organization of await reads(role)) {
        expect(organization.notificationWebhookUrl).toBe(url);
      }
    }
    for (const organization of await reads("member")) {
      expect(organization.name).toBe(t.org.name);
      expect(organization).not.toHaveProperty("notificationWebhookUrl");
    }
    // The update answers with it too (only owners and admins update).
    expect(
      (await as(t, "admin").organizations.update({ id: t.org.id, name: "Renamed" }))
        .notificationWebhookUrl,
    ).toBe(url);
  });

  it("update: a taken slug is a conflict naming the field; a bad URL is a bad request", async () => {
    const [t, other] = [await createTenant(), await createTenant()];
    await expect(
      as(t, "owner").organizations.update({ id: t.org.id, slug: other.org.slug }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { field: "slug" },
    });
    await expect(
      as(t, "owner").organizations.setNotificationWebhook({ url: "ftp://example.test" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("create: any signed-in user becomes the owner of a new organization with a unique slug", async () => {
    const t = await createTenant();
    const name = `Acme ${uid()}`;
    const first = await as(t, "member").organizations.create({ name });
    const second = await as(t, "member").organizations.create({ name });
    expect(second.slug).toBe(`${first.slug}-2`);
    const membership = await testDb().membership.findFirstOrThrow({
      where: { organizationId: first.id },
    });
    expect(membership).toMatchObject({ userId: t.member.id, role: "owner" });
    expect((await events(first.id, "organization.created"))[0]).toMatchObject({
      actorType: "user",
      actorId: t.member.id,
    });
    await expect(
      as(t, "member").organizations.create({ name: "x", slug: first.slug }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("memberships", () => {
  it("invite: admins add members; owners alone add owners; members are refused", async () => {
    const t = await createTenant();
    const email = `${uid("new")}@example.test`;
    expect(await errorCode(as(t, "member").memberships.invite({ email, role: "member" }))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCode(as(t, "admin").memberships.invite({ email, role: "owner" }))).toBe(
      "FORBIDDEN",
    );
    const added = await as(t, "admin").memberships.invite({
      email: email.toUpperCase(),
      role: "member",
    });
    expect(added).toMatchObject({ status: "added", member: { role: "member", user: { email } } });
    expect(await errorCode(as(t, "admin").memberships.invite({ email, role: "member" }))).toBe(
      "CONFLICT",
    );
    expect(
      await errorCode(
        as(t, "owner").memberships.invite({ email: `${uid()}@example.test`, role: "owner" }),
      ),
    ).toBeNull();
    expect(await events(t.org.id, "member.added")).toHaveLength(2);
  });

  it("changeRole: admins change members; only owners touch owners; the last owner keeps the role", async () => {
    const t = await createTenant();
    expect(
      await errorCode(
        as(t, "member").memberships.changeRole({ userId: t.admin.id, role: "member" }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      (await as(t, "admin").memberships.changeRole({ userId: t.member.id, role: "admin" })).role,
    ).toBe("admin");
    expect(
      await errorCode(
        as(t, "admin").memberships.changeRole({ userId: t.member.id, role: "owner" }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await errorCode(
        as(t, "admin").memberships.changeRole({ userId: t.owner.id, role: "member" }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await errorCode(as(t, "owner").memberships.changeRole({ userId: t.owner.id, role: "admin" })),
    ).toBe("CONFLICT");
    expect(
      (await as(t, "owner").memberships.changeRole({ userId: t.admin.id, role: "owner" })).role,
    ).toBe("owner");
    // With a second owner, the first may step down.
    expect(
      (await as(t, "owner").memberships.changeRole({ userId: t.owner.id, role: "admin" })).role,
    ).toBe("admin");
    const changes = await events(t.org.id, "member.roleChanged");
    expect(changes.map((event) => event.payload)).toEqual([
      { userId: t.member.id, from: "member", to: "admin" },
      { userId: t.admin.id, from: "admin", to: "owner" },
      { userId: t.owner.id, from: "owner", to: "admin" },
    ]);
  });

  it("remove and leave: admins remove members, owners remove owners, members only leave, the last owner stays", async () => {
    const t = await createTenant();
    const extra = await createMember(t.org.id, "member");
    expect(await errorCode(as(t, "member").memberships.remove({ userId: extra.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCode(as(t, "admin").memberships.remove({ userId: t.owner.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCode(as(t, "owner").memberships.remove({ userId: t.owner.id }))).toBe(
      "CONFLICT",
    );
    expect(await errorCode(as(t, "owner").memberships.leave())).toBe("CONFLICT");
    expect(await as(t, "admin").memberships.remove({ userId: extra.id })).toEqual({
      userId: extra.id,
      removed: true,
    });
    expect(await as(t, "member").memberships.leave()).toEqual({
      userId: t.member.id,
      removed: true,
    });
    const remaining = await testDb().membership.findMany({ where: { organizationId: t.org.id } });
    expect(remaining.map((m) => m.userId).sort()).toEqual([t.admin.id, t.owner.id].sort());
    expect((await events(t.org.id, "member.left"))[0]?.actorId).toBe(t.member.id);
    expect((await events(t.org.id, "member.removed"))[0]?.actorId).toBe(t.admin.id);
  });
});

describe("users", () => {
  it("update: a user edits themselves; admins rename members; members cannot edit others", async () => {
    const t = await createTenant();
    expect((await as(t, "member").users.update({ id: t.member.id, name: "Me" })).name).toBe("Me");
    expect(await errorCode(as(t, "member").users.update({ id: t.admin.id, name: "You" }))).toBe(
      "FORBIDDEN",
    );
    expect((await as(t, "admin").users.update({ id: t.member.id, name: "Renamed" })).name).toBe(
      "Renamed",
    );
    expect(
      await errorCode(as(t, "admin").users.update({ id: t.member.id, email: "x@example.test" })),
    ).toBe("FORBIDDEN");
    const email = `${uid()}@example.test`;
    expect((await as(t, "member").users.update({ id: t.member.id, email })).email).toBe(email);
    expect(await errorCode(as(t, "admin").users.update({ id: t.admin.id, email }))).toBe(
      "CONFLICT",
    );
    expect(await events(t.org.id, "user.updated")).toHaveLength(3);
  });

  it("update: a user who belongs to other organizations is renamed only by themself", async () => {
    const t = await createTenant();
    const elsewhere = await createTenant();
    const shared = await createMember(t.org.id, "member");
    await testDb().membership.create({
      data: { userId: shared.id, organizationId: elsewhere.org.id, role: "member" },
    });
    for (const role of ["admin", "owner"] as const) {
      expect(await errorCode(as(t, role).users.update({ id: shared.id, name: "Taken" }))).toBe(
        "FORBIDDEN",
      );
    }
    expect((await testDb().user.findUniqueOrThrow({ where: { id: shared.id } })).name).toBe(
      shared.name,
    );
    expect(await events(t.org.id, "user.updated")).toHaveLength(0);
    const self = callerFor({ userId: shared.id, orgId: t.org.id });
    expect((await self.users.update({ id: shared.id, name: "Mine" })).name).toBe("Mine");
  });

  it("remove: soft-deletes and ends access; admins only for members of this organization alone", async () => {
    const t = await createTenant();
    const elsewhere = await createTenant();
    const shared = await createMember(t.org.id, "member");
    await testDb().membership.create({
      data: { userId: shared.id, organizationId: elsewhere.org.id, role: "member" },
    });
    expect(await errorCode(as(t, "admin").users.remove({ id: shared.id }))).toBe("FORBIDDEN");
    expect(await errorCode(as(t, "member").users.remove({ id: t.admin.id }))).toBe("FORBIDDEN");
    expect(await errorCode(as(t, "admin").users.remove({ id: t.owner.id }))).toBe("FORBIDDEN");
    expect(await errorCode(as(t, "owner").users.remove({ id: t.owner.id }))).toBe("CONFLICT");
    await as(t, "admin").users.remove({ id: t.member.id });
    const removed = await testDb().user.findUniqueOrThrow({ where: { id: t.member.id } });
    expect(removed.deletedAt).not.toBeNull();
    expect(await errorCode(as(t, "member").users.getCurrent())).toBe("UNAUTHORIZED");
    expect(await testDb().membership.count({ where: { userId: t.member.id } })).toBe(0);
  });

  it("getCurrent lists every organization of the user with the role in each", async () => {
    const user = await createUser();
    const [t1, t2] = [await createTenant(), await createTenant()];
    await testDb().membership.createMany({
      data: [
        { userId: user.id, organizationId: t1.org.id, role: "admin" },
        { userId: user.id, organizationId: t2.org.id, role: "member" },
      ],
    });
    const me = await callerFor({ userId: user.id, orgId: t1.org.id }).users.getCurrent();
    expect(me.organizations.map((org) => [org.id, org.role])).toEqual([
      [t1.org.id, "admin"],
      [t2.org.id, "member"],
    ]);
  });
});
