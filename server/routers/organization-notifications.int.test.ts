import { afterEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { overrideEnvForTests } from "@/server/env";
import { as, caught, fieldOf } from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// organizations.setNotificationWebhook and rotateNotificationSecret: the signing secret is
// returned once and never read back; owners and admins only; a bad URL is a 400 naming `url`.

const SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]{43}=$/; // 32 bytes, base64

const storedSecret = async (orgId: string) =>
  (await testDb().organization.findUniqueOrThrow({ where: { id: orgId } }))
    .notificationSigningSecret;

/** Everything the API shows of the organization, to each role, as one text. */
async function everyRead(t: Tenant, role: "owner" | "admin" | "member") {
  const caller = as(t, role);
  return JSON.stringify([
    await caller.organizations.get({ id: t.org.id }),
    await caller.organizations.getCurrent(),
    await caller.organizations.getBySlug({ slug: t.org.slug }),
    await caller.organizations.listMine(),
    await caller.users.getCurrent(),
    await caller.organizations.update({ id: t.org.id, name: t.org.name }).catch(() => null),
  ]);
}

let restoreEnv: (() => void) | undefined;
afterEach(() => {
  restoreEnv?.();
  restoreEnv = undefined;
});

describe("organization notification settings", () => {
  it("the first URL generates a secret, returned once; later saves and every read never show it", async () => {
    const t = await createTenant();
    const url = `https://hooks.example.com/${uid()}?token=receiver-token`;
    const first = await as(t, "admin").organizations.setNotificationWebhook({ url });
    expect(first).toMatchObject({ notificationWebhookUrl: url, hasNotificationSecret: true });
    expect(first.signingSecret).toMatch(SECRET_FORMAT);
    expect(await storedSecret(t.org.id)).toBe(first.signingSecret);
    // It is a key the Standard Webhooks library takes.
    expect(() => new Webhook(first.signingSecret!)).not.toThrow();

    const second = await as(t, "owner").organizations.setNotificationWebhook({
      url: "https://other.example.com/hook",
    });
    expect(second).toEqual({
      notificationWebhookUrl: "https://other.example.com/hook",
      hasNotificationSecret: true,
    });
    expect(await storedSecret(t.org.id)).toBe(first.signingSecret);

    for (const role of ["owner", "admin", "member"] as const) {
      const shown = await everyRead(t, role);
      expect(shown).not.toContain(first.signingSecret);
      expect(shown).not.toContain("notificationSigningSecret");
    }
    const adminView = await as(t, "admin").organizations.getCurrent();
    expect(adminView).toMatchObject({
      notificationWebhookUrl: "https://other.example.com/hook",
      hasNotificationSecret: true,
    });
    const memberView = await as(t, "member").organizations.getCurrent();
    expect(memberView).not.toHaveProperty("notificationWebhookUrl");
    expect(memberView).not.toHaveProperty("hasNotificationSecret");

    // Events say what happened, never the secret nor the URL's path and query.
    const events = await testDb().event.findMany({
      where: { organizationId: t.org.id, eventType: "organization.notification_webhook_set" },
      orderBy: { timestamp: "asc" },
    });
    expect(events.map((event) => event.payload)).toEqual([
      { configured: true, host: "hooks.example.com", secretGenerated: true },
      { configured: true, host: "other.example.com", secretGenerated: false },
    ]);
    expect(JSON.stringify(events)).not.toContain("receiver-token");
  });

  it("clearing the URL keeps the secret: setting one again signs as before", async () => {
    const t = await createTenant();
    const { signingSecret } = await as(t, "owner").organizations.setNotificationWebhook({
      url: "https://hooks.example.com/a",
    });
    expect(await as(t, "owner").organizations.setNotificationWebhook({ url: null })).toEqual({
      notificationWebhookUrl: null,
      hasNotificationSecret: true,
    });
    const again = await as(t, "owner").organizations.setNotificationWebhook({
      url: "https://hooks.example.com/b",
    });
    expect(again.signingSecret).toBeUndefined();
    expect(await storedSecret(t.org.id)).toBe(signingSecret);
  });

  it("rotate replaces the secret and returns the new one once", async () => {
    const t = await createTenant();
    const { signingSecret: old } = await as(t, "owner").organizations.setNotificationWebhook({
      url: "https://hooks.example.com/r",
    });
    const rotated = await as(t, "admin").organizations.rotateNotificationSecret();
    expect(rotated.signingSecret).toMatch(SECRET_FORMAT);
    expect(rotated.signingSecret).not.toBe(old);
    expect(rotated).toMatchObject({
      notificationWebhookUrl: "https://hooks.example.com/r",
      hasNotificationSecret: true,
    });
    expect(await storedSecret(t.org.id)).toBe(rotated.signingSecret);
    expect(await everyRead(t, "admin")).not.toContain(rotated.signingSecret);
    const [event] = await testDb().event.findMany({
      where: { organizationId: t.org.id, eventType: "organization.notification_secret_rotated" },
    });
    expect(event).toMatchObject({ actorType: "user", actorId: t.admin.id });
    expect(event!.payload).toEqual({ replacedExisting: true });
  });

  it("members can neither set the URL nor rotate: forbidden, nothing changed", async () => {
    const t = await createTenant();
    const { signingSecret } = await as(t, "owner").organizations.setNotificationWebhook({
      url: "https://hooks.example.com/m",
    });
    const member = as(t, "member");
    expect(
      (await caught(member.organizations.setNotificationWebhook({ url: "https://evil.example/" })))
        .code,
    ).toBe("FORBIDDEN");
    expect((await caught(member.organizations.rotateNotificationSecret())).code).toBe("FORBIDDEN");
    const row = await testDb().organization.findUniqueOrThrow({ where: { id: t.org.id } });
    expect(row).toMatchObject({
      notificationWebhookUrl: "https://hooks.example.com/m",
      notificationSigningSecret: signingSecret,
    });
  });

  it("a bad URL is a 400 naming url, and changes nothing", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    for (const url of [
      "not a url",
      "ftp://hooks.example.com/",
      "http://hooks.example.com/",
      "https://user:pass@hooks.example.com/",
      "https://10.0.0.5/hook",
      "https://[fd00::1]/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://127.0.0.1/hook",
      "http://127.0.0.1:8080/hook",
      `https://hooks.example.com/${"a".repeat(2000)}`,
    ]) {
      const error = await caught(owner.organizations.setNotificationWebhook({ url }));
      expect(error.code, url).toBe("BAD_REQUEST");
      expect(fieldOf(error), url).toBe("url");
    }
    const row = await testDb().organization.findUniqueOrThrow({ where: { id: t.org.id } });
    expect(row).toMatchObject({ notificationWebhookUrl: null, notificationSigningSecret: null });
    expect(
      await testDb().event.count({
        where: { organizationId: t.org.id, eventType: "organization.notification_webhook_set" },
      }),
    ).toBe(0);
  });

  it("plain http to loopback is accepted with the test switch on, and only loopback", async () => {
    restoreEnv = overrideEnvForTests({ NOTIFICATION_ALLOW_LOOPBACK: "1" });
    const t = await createTenant();
    const owner = as(t, "owner");
    const saved = await owner.organizations.setNotificationWebhook({
      url: "http://127.0.0.1:8080/hook",
    });
    expect(saved.notificationWebhookUrl).toBe("http://127.0.0.1:8080/hook");
    const error = await caught(
      owner.organizations.setNotificationWebhook({ url: "http://10.0.0.5/hook" }),
    );
    expect(fieldOf(error)).toBe("url");
  });
});
