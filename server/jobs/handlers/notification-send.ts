import { z } from "zod";
import { boundedJsonObject } from "@/lib/input-limits";
import { env } from "@/server/env";
import { postPinned } from "@/server/jobs/handlers/pinned-post";
import { signatureHeaders } from "@/server/jobs/signing";
import { PermanentJobError, type JobRunContext, type JobTypeDefinition } from "@/server/jobs/types";
import { resolveWebhookTarget, type HostLookup } from "@/server/jobs/webhook-target";

// notification.send: POSTs `{ type, timestamp, data }` to the organization's notification
// webhook, signed as Standard Webhooks with its secret (docs/notifications.md). The URL is
// checked (and its address pinned) before every attempt, as DNS may have changed since.

export const DELIVERY_TIMEOUT_MS = 10_000;

const payload = z.strictObject({
  event: z.string().trim().min(1).max(100),
  data: boundedJsonObject(),
});

export type NotificationSendOptions = {
  /** How long the receiver has to answer; default 10 s. */
  timeoutMs?: number;
  /** Host name resolution; default the system's (dns.lookup). */
  lookup?: HostLookup;
};

/** The message id of a job's delivery: the same on every attempt, so receivers can dedupe. */
export const notificationMessageId = (jobId: string) => `msg_${jobId}`;

async function loadSettings(ctx: JobRunContext) {
  const organization = await ctx.db.organization.findUnique({
    where: { id: ctx.job.organizationId },
    select: { notificationWebhookUrl: true, notificationSigningSecret: true },
  });
  const url = organization?.notificationWebhookUrl;
  if (!url) throw new PermanentJobError("Notifications are not configured");
  const secret = organization.notificationSigningSecret;
  if (!secret) {
    // Only a URL written around the settings procedure has no secret.
    throw new PermanentJobError(
      "Notifications have no signing secret: rotate the secret in the organization settings",
    );
  }
  return { url, secret };
}

async function deliver(
  input: z.output<typeof payload>,
  ctx: JobRunContext,
  options: NotificationSendOptions,
) {
  const { url, secret } = await loadSettings(ctx);
  const target = await resolveWebhookTarget(url, {
    // Tests only (server/env.ts): loopback receivers.
    allowLoopback: env().NOTIFICATION_ALLOW_LOOPBACK === "1",
    lookup: options.lookup,
  });
  // The event happened when the job was enqueued; the signature's timestamp is this attempt's,
  // as receivers refuse timestamps more than a few minutes old.
  const body = JSON.stringify({
    type: input.event,
    timestamp: ctx.job.createdAt.toISOString(),
    data: input.data,
  });
  const headers = {
    "content-type": "application/json",
    "user-agent": "AgentForge-Notifications/1",
    ...signatureHeaders(secret, notificationMessageId(ctx.job.id), ctx.now(), body),
  };
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  let response;
  try {
    response = await postPinned(target, body, headers, AbortSignal.any([timeout, ctx.signal]));
  } catch (error) {
    if (timeout.aborted) {
      throw new Error(`The notification webhook did not answer within ${timeoutMs} ms`);
    }
    if (ctx.signal.aborted) throw error;
    // Connection refused, reset, TLS failure...: the code says which, and a retry may succeed.
    const code = (error as { code?: string }).code;
    throw new Error(
      `Could not deliver to the notification webhook: ${code ?? (error as Error).message}`,
    );
  }
  const latencyMs = Math.round(performance.now() - started);
  const { status } = response;
  if (status === 410) {
    throw new PermanentJobError("The notification webhook answered 410 Gone: not retried");
  }
  if (status < 200 || status > 299) {
    throw new Error(`The notification webhook answered ${status}`);
  }
  return { status, latencyMs, delivered: true, responseBody: response.body };
}

/** The job type, with its timeout and resolver injectable (tests). */
export function createNotificationSend(
  options: NotificationSendOptions = {},
): JobTypeDefinition<typeof payload> {
  return {
    id: "notification.send",
    description:
      "Delivers an event to the organization's notification webhook, signed as Standard Webhooks.",
    payload,
    defaultPriority: 10,
    defaultMaxAttempts: 5,
    handle: (input, ctx) => deliver(input, ctx, options),
  };
}

export const notificationSend = createNotificationSend();
