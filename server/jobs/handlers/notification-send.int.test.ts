import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { overrideEnvForTests, parseEnv } from "@/server/env";
import {
  createNotificationSend,
  notificationMessageId,
  notificationSend,
} from "@/server/jobs/handlers/notification-send";
import { postPinned, RESPONSE_BODY_BYTES } from "@/server/jobs/handlers/pinned-post";
import { PermanentJobError, type JobRunContext } from "@/server/jobs/types";
import { setNotificationWebhook } from "@/server/services/organization-notifications";
import { testDb } from "@/test/db";
import { createOrganization, createTenant } from "@/test/factories";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/fakes/webhook-receiver";
import { jobContext } from "@/test/job-context";

// notification.send against a real receiver on loopback, with NOTIFICATION_ALLOW_LOOPBACK=1
// (one test turns it off again).

let receiver: WebhookReceiver;
let restoreEnv: () => void;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  restoreEnv = overrideEnvForTests({ NOTIFICATION_ALLOW_LOOPBACK: "1" });
  receiver.requests.length = 0;
  receiver.answer({ status: 200, body: "ok" });
});
afterEach(() => restoreEnv());

/** An organization whose webhook is the receiver (path given), with its secret. */
async function configured(path = "/hook") {
  const t = await createTenant();
  const saved = await setNotificationWebhook(
    {
      db: testDb(),
      actor: { type: "user", userId: t.owner.id, orgId: t.org.id, orgRole: "owner" },
    },
    { url: `${receiver.url}${path}` },
  );
  return { t, secret: saved.signingSecret! };
}

const sendJob = (orgId: string, payload: object, options?: { signal?: AbortSignal }) =>
  jobContext(orgId, { jobType: "notification.send", payload }, options);

const payload = { event: "order.shipped", data: { orderId: "o-1", items: [1, 2] } };

async function rejection(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the delivery succeeded").toBeInstanceOf(Error);
  return error as Error;
}

describe("notification.send", () => {
  it("POSTs {type, timestamp, data} as JSON, signed so the library's own verifier accepts it", async () => {
    const { t, secret } = await configured("/hook?token=abc");
    receiver.answer({ status: 202, body: "x".repeat(3000) });
    const ctx = await sendJob(t.org.id, payload);
    const result = await notificationSend.handle(payload, ctx);

    expect(result).toMatchObject({ status: 202, delivered: true });
    expect(result.responseBody).toBe("x".repeat(RESPONSE_BODY_BYTES));
    expect(typeof result.latencyMs).toBe("number");
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", url: "/hook?token=abc" });
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers.host).toBe(`127.0.0.1:${receiver.port}`);
    expect(request!.headers["webhook-id"]).toBe(notificationMessageId(ctx.job.id));
    const verified = new Webhook(secret).verify(
      request!.body,
      request!.headers as Record<string, string>,
    );
    expect(verified).toEqual({
      type: "order.shipped",
      timestamp: ctx.job.createdAt.toISOString(),
      data: payload.data,
    });
    // Another secret does not verify it.
    const other = await configured();
    expect(() =>
      new Webhook(other.secret).verify(request!.body, request!.headers as Record<string, string>),
    ).toThrow(/No matching signature/);
  });

  it("keeps the same webhook-id on every attempt of a job, and a new one per job", async () => {
    const { t } = await configured();
    const ctx = await sendJob(t.org.id, payload);
    await notificationSend.handle(payload, ctx);
    const retried: JobRunContext = { ...ctx, job: { ...ctx.job, attempts: 2 } };
    await notificationSend.handle(payload, retried);
    await notificationSend.handle(payload, await sendJob(t.org.id, payload));
    const ids = receiver.requests.map((request) => request.headers["webhook-id"]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("a receiver that does not answer in time fails the attempt (retried)", async () => {
    const { t } = await configured();
    receiver.answer("never");
    const started = Date.now();
    const error = await rejection(
      createNotificationSend({ timeoutMs: 300 }).handle(payload, await sendJob(t.org.id, payload)),
    );
    expect(error.message).toBe("The notification webhook did not answer within 300 ms");
    expect(error).not.toBeInstanceOf(PermanentJobError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops when the runner's signal aborts", async () => {
    const { t } = await configured();
    receiver.answer("never");
    const controller = new AbortController();
    const ctx = await sendJob(t.org.id, payload, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("runner shutting down")), 100);
    const error = await rejection(notificationSend.handle(payload, ctx));
    expect(error.message).toBe("runner shutting down");
  });

  it("non-2xx answers fail the attempt naming the status; a redirect is not followed", async () => {
    const { t } = await configured();
    receiver.answer({ status: 500, body: "boom" });
    const failed = await rejection(
      notificationSend.handle(payload, await sendJob(t.org.id, payload)),
    );
    expect(failed.message).toBe("The notification webhook answered 500");
    expect(failed).not.toBeInstanceOf(PermanentJobError);

    receiver.answer({ status: 302, headers: { location: `${receiver.url}/elsewhere` } });
    const redirected = await rejection(
      notificationSend.handle(payload, await sendJob(t.org.id, payload)),
    );
    expect(redirected.message).toBe("The notification webhook answered 302");
    expect(receiver.requests.map((request) => request.url)).toEqual(["/hook", "/hook"]);
  });

  it("410 Gone is permanent: the receiver asks for no more", async () => {
    const { t } = await configured();
    receiver.answer({ status: 410 });
    const error = await rejection(
      notificationSend.handle(payload, await sendJob(t.org.id, payload)),
    );
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(error.message).toMatch(/410 Gone/);
  });

  it("an organization without a webhook URL: permanent, nothing sent", async () => {
    const org = await createOrganization();
    const error = await rejection(notificationSend.handle(payload, await sendJob(org.id, payload)));
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(error.message).toBe("Notifications are not configured");
    expect(receiver.requests).toHaveLength(0);
  });

  it("without the env switch loopback is refused, before connecting", async () => {
    expect(parseEnv({ NOTIFICATION_ALLOW_LOOPBACK: "1" }).NOTIFICATION_ALLOW_LOOPBACK).toBe("1");
    expect(() => parseEnv({ NOTIFICATION_ALLOW_LOOPBACK: "yes" })).toThrow(
      /NOTIFICATION_ALLOW_LOOPBACK/,
    );
    const { t, secret } = await configured();
    overrideEnvForTests({ NOTIFICATION_ALLOW_LOOPBACK: undefined });
    const error = await rejection(
      notificationSend.handle(payload, await sendJob(t.org.id, payload)),
    );
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(error.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(error.message).not.toContain(secret);
    expect(receiver.requests).toHaveLength(0);
  });

  it("errors never carry the secret or the URL's query", async () => {
    const { t, secret } = await configured("/hook?token=very-secret-token");
    receiver.answer({ status: 503 });
    const error = await rejection(
      notificationSend.handle(payload, await sendJob(t.org.id, payload)),
    );
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain("very-secret-token");
  });

  it("the payload schema bounds the event name and the data", () => {
    const schema = notificationSend.payload;
    expect(schema.safeParse({ event: "", data: {} }).success).toBe(false);
    expect(schema.safeParse({ event: "x".repeat(101), data: {} }).success).toBe(false);
    expect(schema.safeParse({ event: "a", data: [] }).success).toBe(false);
    expect(schema.safeParse({ event: "a", data: { big: "x".repeat(70_000) } }).success).toBe(false);
    expect(schema.safeParse({ event: "a", data: { ok: true } }).success).toBe(true);
  });
});

describe("postPinned", () => {
  it("connects to the checked address without resolving the name, keeping it as the Host", async () => {
    // `.invalid` never resolves: the request reaching the receiver proves no lookup was made.
    const url = new URL(`http://hooks.invalid:${receiver.port}/pinned`);
    const response = await postPinned(
      { url, hostname: "hooks.invalid", address: "127.0.0.1", family: 4 },
      "{}",
      { "content-type": "application/json" },
      AbortSignal.timeout(5_000),
    );
    expect(response.status).toBe(200);
    expect(receiver.requests[0]).toMatchObject({ url: "/pinned", body: "{}" });
    expect(receiver.requests[0]!.headers.host).toBe(`hooks.invalid:${receiver.port}`);
  });
});
