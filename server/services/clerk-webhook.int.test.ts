import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { handleClerkWebhook } from "@/server/services/clerk-webhook";
import { testDb, uid } from "@/test/db";

// Deliveries are signed here exactly as Svix signs them and verified by Clerk's own code.

const key = randomBytes(24);
const signingSecret = `whsec_${key.toString("base64")}`;
const db = () => testDb();

type Delivery = { headers: Record<string, string>; body: string };

function sign(id: string, timestamp: number, body: string, withKey = key): string {
  const signature = createHmac("sha256", withKey)
    .update(`${id}.${timestamp}.${body}`)
    .digest("base64");
  return `v1,${signature}`;
}

function delivery(
  type: string,
  data: unknown,
  { id = uid("msg"), timestamp = Math.floor(Date.now() / 1000) } = {},
): Delivery {
  const body = JSON.stringify({
    type,
    object: "event",
    data,
    timestamp: timestamp * 1000,
    instance_id: "ins_test",
  });
  return {
    body,
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(timestamp),
      "svix-signature": sign(id, timestamp, body),
    },
  };
}

const send = (input: Delivery) => handleClerkWebhook(db(), input, { signingSecret });

function clerkUser(id = uid("user_"), overrides: Record<string, unknown> = {}) {
  return {
    id,
    object: "user",
    first_name: "Ada",
    last_name: "Lovelace",
    username: null,
    primary_email_address_id: "idn_2",
    email_addresses: [
      { id: "idn_1", email_address: `other-${id}@example.test` },
      { id: "idn_2", email_address: `${id}@example.test` },
    ],
    ...overrides,
  };
}

function clerkOrg(id = uid("org_"), overrides: Record<string, unknown> = {}) {
  return { id, object: "organization", name: `Acme ${id}`, slug: id.toLowerCase(), ...overrides };
}

function clerkMembership(org: { id: string }, userId: string, role = "org:member") {
  return {
    id: uid("orgmem_"),
    object: "organization_membership",
    role,
    organization: clerkOrg(org.id),
    public_user_data: {
      user_id: userId,
      identifier: `${userId}@example.test`,
      first_name: "Grace",
      last_name: "Hopper",
    },
  };
}

const rowsOf = (externalId: string) =>
  db().webhookEvent.findMany({ where: { source: "clerk", externalId } });
const userOf = (clerkUserId: string) => db().user.findUnique({ where: { clerkUserId } });
const orgOf = (clerkOrgId: string) => db().organization.findUnique({ where: { clerkOrgId } });

async function membershipOf(clerkOrgId: string, clerkUserId: string) {
  return db().membership.findFirst({
    where: { organization: { clerkOrgId }, user: { clerkUserId } },
  });
}

describe("Clerk webhook: verification", () => {
  async function expectRejected(input: Delivery, clerkUserId: string) {
    const result = await send(input);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { code: "BAD_REQUEST" } });
    const id = input.headers["svix-id"];
    if (id) expect(await rowsOf(id)).toHaveLength(0);
    expect(await userOf(clerkUserId)).toBeNull();
    return result;
  }

  it("rejects a bad signature and writes nothing", async () => {
    const user = clerkUser();
    const input = delivery("user.created", user);
    const id = input.headers["svix-id"]!;
    const timestamp = Number(input.headers["svix-timestamp"]);
    const before = await db().webhookEvent.count({ where: { externalId: id } });
    await expectRejected(
      {
        ...input,
        headers: {
          ...input.headers,
          "svix-signature": sign(id, timestamp, input.body, randomBytes(24)),
        },
      },
      user.id,
    );
    expect(await db().webhookEvent.count({ where: { externalId: id } })).toBe(before);
  });

  it("rejects a body changed after signing", async () => {
    const user = clerkUser();
    const input = delivery("user.created", user);
    const other = clerkUser();
    await expectRejected({ ...input, body: input.body.replace(user.id, other.id) }, other.id);
    expect(await userOf(user.id)).toBeNull();
  });

  it.each(["svix-id", "svix-timestamp", "svix-signature"])(
    "rejects a delivery without %s",
    async (header) => {
      const user = clerkUser();
      const input = delivery("user.created", user);
      const headers = { ...input.headers };
      delete headers[header];
      const result = await expectRejected({ ...input, headers }, user.id);
      expect(result.body).toMatchObject({ error: { message: expect.stringContaining(header) } });
    },
  );

  it("rejects an empty or non-JSON body, even when signed", async () => {
    for (const body of ["", "not json"]) {
      const id = uid("msg");
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        "svix-id": id,
        "svix-timestamp": String(timestamp),
        "svix-signature": sign(id, timestamp, body),
      };
      expect((await send({ headers, body })).status).toBe(400);
      expect(await rowsOf(id)).toHaveLength(0);
    }
  });

  it("rejects a stale timestamp", async () => {
    const user = clerkUser();
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    await expectRejected(delivery("user.created", user, { timestamp: tenMinutesAgo }), user.id);
  });

  it("answers 503 when no signing secret is configured", async () => {
    const user = clerkUser();
    const result = await handleClerkWebhook(db(), delivery("user.created", user), {
      signingSecret: undefined,
    });
    expect(result).toEqual({
      status: 503,
      body: { error: { code: "SERVICE_UNAVAILABLE", message: "Clerk webhook is not configured" } },
    });
    expect(await userOf(user.id)).toBeNull();
  });

  it("accepts a Request as input", async () => {
    const user = clerkUser();
    const input = delivery("user.created", user);
    const request = new Request("http://localhost/api/webhooks/clerk", {
      method: "POST",
      ...input,
    });
    expect(await handleClerkWebhook(db(), request, { signingSecret })).toEqual({
      status: 200,
      body: { status: "processed" },
    });
    expect(await userOf(user.id)).not.toBeNull();
  });
});

describe("Clerk webhook: idempotency", () => {
  it("applies a delivery once even when it arrives twice", async () => {
    const org = clerkOrg();
    const input = delivery("organization.created", org);
    expect(await send(input)).toEqual({ status: 200, body: { status: "processed" } });
    expect(await send(input)).toEqual({ status: 200, body: { status: "duplicate" } });

    const rows = await rowsOf(input.headers["svix-id"]!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: "organization.created",
      status: "processed",
      error: null,
    });
    expect(rows[0]!.processedAt).toBeInstanceOf(Date);
    const created = await db().organization.findMany({ where: { clerkOrgId: org.id } });
    expect(created).toHaveLength(1);
    const events = await db().event.findMany({ where: { organizationId: created[0]!.id } });
    expect(events.map((event) => event.eventType)).toEqual(["organization.created"]);
  });

  it("records an unknown type as ignored and answers duplicate on redelivery", async () => {
    const input = delivery("session.created", { id: uid("sess_") });
    expect(await send(input)).toEqual({ status: 200, body: { status: "ignored" } });
    expect(await send(input)).toEqual({ status: 200, body: { status: "duplicate" } });
    const rows = await rowsOf(input.headers["svix-id"]!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "session.created", status: "ignored" });
  });

  it("rolls back a failed change, records the failure, and processes the redelivery", async () => {
    const org = clerkOrg();
    const userId = uid("user_");
    const broken = clerkMembership(org, userId, "org:admin");
    // PostgreSQL rejects NUL in text: the organization is written, then the user fails.
    broken.public_user_data.first_name = "Gr\u0000ace";
    const id = uid("msg");
    const spy = console.error;
    console.error = () => {};
    const failed = await send(delivery("organizationMembership.created", broken, { id })).finally(
      () => {
        console.error = spy;
      },
    );
    expect(failed).toEqual({
      status: 500,
      body: { error: { code: "INTERNAL_SERVER_ERROR", message: "Webhook processing failed" } },
    });
    const [row] = await rowsOf(id);
    expect(row).toMatchObject({
      status: "failed",
      type: "organizationMembership.created",
      processedAt: null,
    });
    expect(row!.error).toBeTruthy();
    expect(await orgOf(org.id)).toBeNull();
    expect(await userOf(userId)).toBeNull();

    // Clerk retries with the same id; here with a payload that can be applied.
    const fixed = {
      ...broken,
      public_user_data: { ...broken.public_user_data, first_name: "Grace" },
    };
    expect(await send(delivery("organizationMembership.created", fixed, { id }))).toEqual({
      status: 200,
      body: { status: "processed" },
    });
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "processed",
      error: null,
      receivedAt: row!.receivedAt,
    });
    expect(await membershipOf(org.id, userId)).toMatchObject({ role: "admin" });
    expect(await send(delivery("organizationMembership.created", fixed, { id }))).toEqual({
      status: 200,
      body: { status: "duplicate" },
    });
  });
});

describe("Clerk webhook: event types", () => {
  it("user.created creates the user with the primary email and full name", async () => {
    const user = clerkUser();
    expect((await send(delivery("user.created", user))).body).toEqual({ status: "processed" });
    expect(await userOf(user.id)).toMatchObject({
      email: `${user.id}@example.test`,
      name: "Ada Lovelace",
      deletedAt: null,
    });
  });

  it("user.updated changes name and email", async () => {
    const user = clerkUser();
    await send(delivery("user.created", user));
    const updated = clerkUser(user.id, {
      first_name: null,
      last_name: null,
      username: "countess",
      primary_email_address_id: "idn_1",
    });
    expect((await send(delivery("user.updated", updated))).body).toEqual({ status: "processed" });
    expect(await userOf(user.id)).toMatchObject({
      email: `other-${user.id}@example.test`,
      name: "countess",
    });
  });

  it("user.deleted soft-deletes the user and removes the memberships", async () => {
    const user = clerkUser();
    const org = clerkOrg();
    await send(delivery("user.created", user));
    await send(delivery("organizationMembership.created", clerkMembership(org, user.id)));
    expect(await membershipOf(org.id, user.id)).not.toBeNull();

    const result = await send(
      delivery("user.deleted", { id: user.id, object: "user", deleted: true }),
    );
    expect(result.body).toEqual({ status: "processed" });
    expect((await userOf(user.id))?.deletedAt).toBeInstanceOf(Date);
    expect(await membershipOf(org.id, user.id)).toBeNull();
  });

  it("organization.created and organization.updated create and rename", async () => {
    const org = clerkOrg();
    await send(delivery("organization.created", org));
    expect(await orgOf(org.id)).toMatchObject({ name: org.name });

    const slug = uid("renamed");
    const result = await send(
      delivery("organization.updated", clerkOrg(org.id, { name: "Renamed Inc", slug })),
    );
    expect(result.body).toEqual({ status: "processed" });
    expect(await orgOf(org.id)).toMatchObject({ name: "Renamed Inc", slug });
  });

  it("organization.deleted deletes the organization", async () => {
    const org = clerkOrg();
    const userId = uid("user_");
    await send(delivery("organizationMembership.created", clerkMembership(org, userId)));
    expect(await orgOf(org.id)).not.toBeNull();

    const result = await send(
      delivery("organization.deleted", { id: org.id, object: "organization", deleted: true }),
    );
    expect(result.body).toEqual({ status: "processed" });
    expect(await orgOf(org.id)).toBeNull();
    expect(await membershipOf(org.id, userId)).toBeNull();
    expect(await userOf(userId)).not.toBeNull();
  });

  it("organizationMembership.created, .updated and .deleted add, change the role of and remove a member", async () => {
    const org = clerkOrg();
    const userId = uid("user_");
    const membership = clerkMembership(org, userId, "org:member");

    expect((await send(delivery("organizationMembership.created", membership))).body).toEqual({
      status: "processed",
    });
    expect(await membershipOf(org.id, userId)).toMatchObject({
      role: "member",
      clerkMembershipId: membership.id,
    });
    expect(await userOf(userId)).toMatchObject({
      email: `${userId}@example.test`,
      name: "Grace Hopper",
    });

    await send(delivery("organizationMembership.updated", { ...membership, role: "org:admin" }));
    expect(await membershipOf(org.id, userId)).toMatchObject({ role: "admin" });

    await send(delivery("organizationMembership.deleted", membership));
    expect(await membershipOf(org.id, userId)).toBeNull();

    const organization = await orgOf(org.id);
    const events = await db().event.findMany({ where: { organizationId: organization!.id } });
    // Sorted: events of one millisecond have no defined order.
    expect(events.map((event) => event.eventType).sort()).toEqual([
      "member.added",
      "member.removed",
      "member.roleChanged",
      "organization.created",
    ]);
    expect(
      events.every((event) => event.actorType === "webhook" && event.actorId === "clerk"),
    ).toBe(true);
  });
});

describe("Clerk webhook: deliveries out of order", () => {
  const at = (secondsAgo: number) => Date.now() - secondsAgo * 1000;

  it("a membership update older than the stored one does not revert the role", async () => {
    const org = clerkOrg();
    const userId = uid("user_");
    const membership = clerkMembership(org, userId, "org:member");
    await send(delivery("organizationMembership.created", { ...membership, updated_at: at(60) }));
    await send(
      delivery("organizationMembership.updated", {
        ...membership,
        role: "org:member",
        updated_at: at(10),
      }),
    );
    // The promotion of 30 seconds ago, delivered late.
    const late = delivery("organizationMembership.updated", {
      ...membership,
      role: "org:admin",
      updated_at: at(30),
    });
    expect((await send(late)).body).toEqual({ status: "processed" });
    expect(await membershipOf(org.id, userId)).toMatchObject({ role: "member" });
    // A newer one applies.
    await send(
      delivery("organizationMembership.updated", {
        ...membership,
        role: "org:admin",
        updated_at: at(1),
      }),
    );
    expect(await membershipOf(org.id, userId)).toMatchObject({ role: "admin" });
  });

  it("a membership created before its removal, delivered after it, is not created again", async () => {
    const org = clerkOrg();
    const userId = uid("user_");
    const membership = clerkMembership(org, userId, "org:admin");
    await send(delivery("organizationMembership.created", { ...membership, updated_at: at(60) }));
    await send(delivery("organizationMembership.deleted", { ...membership, updated_at: at(60) }));
    expect(await membershipOf(org.id, userId)).toBeNull();
    // A redelivered (or overtaken) creation and update of the removed membership.
    for (const type of ["organizationMembership.created", "organizationMembership.updated"]) {
      await send(delivery(type, { ...membership, updated_at: at(50) }));
      expect(await membershipOf(org.id, userId)).toBeNull();
    }
    // Added again in Clerk later: a new membership, applied.
    const again = { ...clerkMembership(org, userId, "org:member"), updated_at: Date.now() + 2000 };
    await send(delivery("organizationMembership.created", again));
    expect(await membershipOf(org.id, userId)).toMatchObject({
      role: "member",
      clerkMembershipId: again.id,
    });
    // The first membership's removal, delivered once more, does not remove the new one.
    await send(delivery("organizationMembership.deleted", { ...membership, updated_at: at(60) }));
    expect(await membershipOf(org.id, userId)).not.toBeNull();
  });

  it("user and organization updates older than what is stored change nothing", async () => {
    const user = clerkUser();
    await send(delivery("user.created", { ...user, updated_at: at(60) }));
    await send(delivery("user.updated", { ...user, first_name: "Augusta", updated_at: at(10) }));
    await send(delivery("user.updated", { ...user, first_name: "Old", updated_at: at(30) }));
    expect(await userOf(user.id)).toMatchObject({ name: "Augusta Lovelace" });

    const org = clerkOrg();
    await send(delivery("organization.created", { ...org, updated_at: at(60) }));
    await send(
      delivery("organization.updated", { ...org, name: "Newest name", updated_at: at(10) }),
    );
    await send(
      delivery("organization.updated", { ...org, name: "Older name", updated_at: at(30) }),
    );
    // Nor does the organization inside a late membership delivery.
    await send(
      delivery("organizationMembership.created", {
        ...clerkMembership(org, uid("user_")),
        organization: { ...org, name: "Embedded old name", updated_at: at(40) },
        updated_at: at(5),
      }),
    );
    expect(await orgOf(org.id)).toMatchObject({ name: "Newest name" });
  });
});
