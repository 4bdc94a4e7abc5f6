import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "@/server/auth/actor";
import { createClerkIdentityProvider } from "@/server/auth/identity-provider";
import { testDb, uid } from "@/test/db";
import { createMember, createOrganization } from "@/test/factories";

// Clerk mode sends membership changes to Clerk's Backend API. A fake of that API on loopback
// records what the real Clerk SDK sends and answers like Clerk does.

type Recorded = { method: string; path: string; authorization: string | undefined; body: unknown };
const requests: Recorded[] = [];
let server: Server;
let apiUrl: string;
let failNext = false;
let notFoundNext = false;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    requests.push({
      method: request.method!,
      path: request.url!,
      authorization: request.headers.authorization,
      body,
    });
    response.setHeader("content-type", "application/json");
    if (notFoundNext) {
      notFoundNext = false;
      response.statusCode = 404;
      response.end(
        JSON.stringify({
          errors: [
            {
              code: "resource_not_found",
              message: "not found",
              long_message: "Resource not found",
            },
          ],
        }),
      );
      return;
    }
    if (failNext) {
      failNext = false;
      response.statusCode = 422;
      response.end(
        JSON.stringify({
          errors: [
            { code: "form_param_invalid", message: "is invalid", long_message: "role is invalid" },
          ],
        }),
      );
      return;
    }
    const now = Date.now();
    response.end(
      JSON.stringify(
        request.url!.includes("/invitations")
          ? {
              object: "organization_invitation",
              id: "orginv_1",
              email_address: "x",
              role: "org:member",
              status: "pending",
              created_at: now,
              updated_at: now,
            }
          : {
              object: "organization_membership",
              id: "orgmem_1",
              role: "org:admin",
              permissions: [],
              public_metadata: {},
              private_metadata: {},
              created_at: now,
              updated_at: now,
              organization: {
                object: "organization",
                id: "org_1",
                name: "Org",
                slug: "org",
                created_at: now,
                updated_at: now,
              },
              public_user_data: {
                user_id: "user_1",
                first_name: null,
                last_name: null,
                image_url: "",
                has_image: false,
                identifier: "x",
              },
            },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function clerkTenant() {
  const org = await createOrganization({ clerkOrgId: uid("org") });
  const admin = await createMember(org.id, "admin");
  const member = await createMember(org.id, "member");
  const actor: UserActor = {
    type: "user",
    userId: admin.id,
    orgId: org.id,
    orgRole: "admin",
  };
  return { org, admin, member, ctx: { db: testDb(), actor } };
}

describe("Clerk identity provider", () => {
  const provider = () => createClerkIdentityProvider({ secretKey: "sk_test_fake", apiUrl });

  it("invites by email through Clerk, as the inviting user, and records the invitation", async () => {
    const { org, admin, ctx } = await clerkTenant();
    requests.length = 0;
    const result = await provider().inviteMember(ctx, { email: "new@example.test", role: "admin" });
    expect(result).toEqual({ status: "invited", email: "new@example.test" });
    expect(requests).toEqual([
      {
        method: "POST",
        path: `/v1/organizations/${org.clerkOrgId}/invitations`,
        authorization: "Bearer sk_test_fake",
        body: expect.objectContaining({
          email_address: "new@example.test",
          role: "org:admin",
          inviter_user_id: admin.clerkUserId,
        }),
      },
    ]);
    // Nobody is a member until Clerk reports the accepted invitation (webhook).
    expect(await testDb().membership.count({ where: { organizationId: org.id } })).toBe(2);
    const events = await testDb().event.findMany({
      where: { organizationId: org.id, eventType: "member.invited" },
    });
    expect(events).toHaveLength(1);
  });

  it("refuses the owner role, which Clerk invitations cannot grant, without calling Clerk", async () => {
    const { ctx } = await clerkTenant();
    requests.length = 0;
    await expect(
      provider().inviteMember(ctx, { email: "o@example.test", role: "owner" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      field: "role",
    });
    expect(requests).toEqual([]);
  });

  it("changes roles and removes members in Clerk", async () => {
    const { org, member, ctx } = await clerkTenant();
    requests.length = 0;
    await provider().changeRole(ctx, { userId: member.id, role: "admin" });
    await provider().removeMember(ctx, { userId: member.id });
    expect(requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      {
        method: "PATCH",
        path: `/v1/organizations/${org.clerkOrgId}/memberships/${member.clerkUserId}`,
        body: expect.objectContaining({ role: "org:admin" }),
      },
      {
        method: "DELETE",
        path: `/v1/organizations/${org.clerkOrgId}/memberships/${member.clerkUserId}`,
        body: null,
      },
    ]);
  });

  it("removing a member whose Clerk membership is already gone is done (Clerk answers 404)", async () => {
    const { org, member, ctx } = await clerkTenant();
    requests.length = 0;
    notFoundNext = true;
    await expect(provider().removeMember(ctx, { userId: member.id })).resolves.toBeUndefined();
    expect(requests.map(({ method, path }) => ({ method, path }))).toEqual([
      {
        method: "DELETE",
        path: `/v1/organizations/${org.clerkOrgId}/memberships/${member.clerkUserId}`,
      },
    ]);
    // A role change of a membership Clerk does not have is still refused.
    notFoundNext = true;
    await expect(
      provider().changeRole(ctx, { userId: member.id, role: "admin" }),
    ).rejects.toMatchObject({ code: "BAD_GATEWAY" });
  });

  it("reports Clerk's refusal as a bad gateway", async () => {
    const { member, ctx } = await clerkTenant();
    failNext = true;
    await expect(
      provider().changeRole(ctx, { userId: member.id, role: "member" }),
    ).rejects.toMatchObject({
      code: "BAD_GATEWAY",
    });
  });
});
