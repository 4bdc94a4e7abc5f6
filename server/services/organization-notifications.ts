import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/server/env";
import { badRequest } from "@/server/errors";
import { generateSigningSecret } from "@/server/jobs/signing";
import { webhookUrlProblem } from "@/server/jobs/webhook-target";
import type { setNotificationWebhookInput } from "@/server/routers/organizations.schemas";
import { requireOrgAdmin, type ServiceContext } from "@/server/services/context";
import { recordEvent } from "@/server/services/events";

// The organization's notification webhook (docs/notifications.md): where notification.send
// delivers, and the secret that signs each delivery. The secret is returned once, in the answer
// that generated it, and never read back; events never carry it, nor the URL's path and query
// (which often hold a token of the receiver's).

const MANAGE = "change the notification settings";

export type SetNotificationWebhookInput = z.output<typeof setNotificationWebhookInput>;

/** 400 naming `url` when the URL may not be a delivery target; what DNS answers is checked at send time. */
function assertDeliverableUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest("url must be a valid URL", "url");
  }
  const problem = webhookUrlProblem(url, allowLoopback);
  if (problem) throw badRequest(`url ${problem}`, "url");
  return url;
}

/** Locks the organization's row (a concurrent save or rotation waits) and reads its settings. */
async function lockSettings(tx: Prisma.TransactionClient, orgId: string) {
  await tx.$queryRaw`SELECT "id" FROM "organizations" WHERE "id" = ${orgId} FOR UPDATE`;
  return tx.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { notificationSigningSecret: true },
  });
}

/**
 * Sets (or, with null, clears) the notification webhook URL. The first time a URL is set, a
 * signing secret is generated and returned in this answer only; clearing the URL keeps the
 * secret, so setting it again signs as before.
 */
export async function setNotificationWebhook(
  ctx: ServiceContext,
  input: SetNotificationWebhookInput,
) {
  requireOrgAdmin(ctx.actor, MANAGE);
  const url =
    input.url === null
      ? null
      : assertDeliverableUrl(input.url, env().NOTIFICATION_ALLOW_LOOPBACK === "1");
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const current = await lockSettings(tx, actor.orgId);
    const signingSecret =
      url && !current.notificationSigningSecret ? generateSigningSecret() : undefined;
    const saved = await tx.organization.update({
      where: { id: actor.orgId },
      data: {
        notificationWebhookUrl: url?.href ?? null,
        ...(signingSecret && { notificationSigningSecret: signingSecret }),
      },
      select: { notificationWebhookUrl: true, notificationSigningSecret: true },
    });
    await recordEvent(tx, actor, {
      eventType: "organization.notification_webhook_set",
      payload: {
        configured: url !== null,
        host: url?.host ?? null,
        secretGenerated: signingSecret !== undefined,
      },
    });
    return {
      notificationWebhookUrl: saved.notificationWebhookUrl,
      hasNotificationSecret: saved.notificationSigningSecret !== null,
      ...(signingSecret && { signingSecret }),
    };
  });
}

/** Replaces the signing secret; the new one is returned in this answer only. */
export async function rotateNotificationSecret(ctx: ServiceContext) {
  requireOrgAdmin(ctx.actor, MANAGE);
  const actor = ctx.actor;
  return ctx.db.$transaction(async (tx) => {
    const current = await lockSettings(tx, actor.orgId);
    const signingSecret = generateSigningSecret();
    const saved = await tx.organization.update({
      where: { id: actor.orgId },
      data: { notificationSigningSecret: signingSecret },
      select: { notificationWebhookUrl: true },
    });
    await recordEvent(tx, actor, {
      eventType: "organization.notification_secret_rotated",
      payload: { replacedExisting: current.notificationSigningSecret !== null },
    });
    return {
      notificationWebhookUrl: saved.notificationWebhookUrl,
      hasNotificationSecret: true,
      signingSecret,
    };
  });
}
