import { verifyWebhook, type WebhookEvent } from "@clerk/nextjs/webhooks";
import { NextRequest } from "next/server";
import { z } from "zod";
import type { Prisma, WebhookEventStatus } from "@/generated/prisma/client";
import {
  deleteClerkMembership,
  deleteClerkOrganization,
  deleteClerkUser,
  upsertClerkMembership,
  upsertClerkOrganization,
  upsertClerkUser,
  type ClerkOrganizationData,
  type ClerkUserData,
} from "@/server/auth/clerk-sync";
import type { Db } from "@/server/db/client";
import { APP_ERROR_STATUS, type AppErrorCode } from "@/server/errors";
import { log } from "@/server/log";

// Clerk's webhook: Svix-signed deliveries mirrored into our tables through clerk-sync.
// A delivery is applied at most once: its id (`svix-id`) and outcome are written in the same
// transaction as the change, so a crash leaves neither and Clerk's retry applies it cleanly.

const SOURCE = "clerk";
const MAX_ERROR_LENGTH = 1000;

export type ClerkWebhookInput =
  Request | { headers: Headers | Record<string, string>; body: string };
export type ClerkWebhookOptions = { signingSecret: string | undefined };
export type ClerkWebhookBody =
  | { status: "processed" | "ignored" | "duplicate" }
  | { error: { code: AppErrorCode; message: string } };
export type ClerkWebhookResult = { status: number; body: ClerkWebhookBody };

// Only the fields we mirror. The signature proves the sender, not the shape, so a payload that
// lacks them fails loudly (a `failed` row) instead of writing half a record.
const nullableText = z.string().nullish();
/** Clerk's `updated_at` (milliseconds): when the state in the payload is from. */
const updatedAt = z.number().finite().nullish();
const userSchema = z.object({
  id: z.string().min(1),
  updated_at: updatedAt,
  first_name: nullableText,
  last_name: nullableText,
  username: nullableText,
  primary_email_address_id: nullableText,
  email_addresses: z.array(z.object({ id: z.string(), email_address: z.string() })).nullish(),
});
const deletedSchema = z.object({ id: z.string().min(1) });
const organizationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  slug: nullableText,
  updated_at: updatedAt,
});
const membershipSchema = z.object({
  id: nullableText,
  updated_at: updatedAt,
  role: z.string().min(1),
  organization: organizationSchema,
  public_user_data: z.object({
    user_id: z.string().min(1),
    identifier: nullableText,
    first_name: nullableText,
    last_name: nullableText,
  }),
});

function fullName(data: {
  first_name?: string | null;
  last_name?: string | null;
  username?: string | null;
}) {
  const name = [data.first_name, data.last_name].filter(Boolean).join(" ").trim();
  return name || data.username || null;
}

function toUser(data: z.infer<typeof userSchema>): ClerkUserData {
  const emails = data.email_addresses ?? [];
  const primary = emails.find((email) => email.id === data.primary_email_address_id) ?? emails[0];
  return { clerkUserId: data.id, email: primary?.email_address ?? null, name: fullName(data) };
}

const time = (ms: number | null | undefined) => (ms == null ? null : new Date(ms));

function toOrganization(data: z.infer<typeof organizationSchema>): ClerkOrganizationData {
  return {
    clerkOrgId: data.id,
    name: data.name,
    slug: data.slug ?? null,
    changedAt: time(data.updated_at),
  };
}

function toMembership(data: z.infer<typeof membershipSchema>, sentAt: Date | null) {
  const person = data.public_user_data;
  // The identifier is whatever the user signs in with; only an email address may become one.
  const email = person.identifier?.includes("@") ? person.identifier : null;
  return {
    clerkMembershipId: data.id ?? null,
    organization: toOrganization(data.organization),
    user: { clerkUserId: person.user_id, email, name: fullName(person) },
    role: data.role,
    changedAt: time(data.updated_at) ?? sentAt,
  };
}

/**
 * Applies a delivery's data. `sentAt` is the event's own time (Clerk's `timestamp`): when the
 * payload carries no `updated_at`, the state is from then. State older than what a row holds is
 * not applied (clerk-sync.ts), so a delivery that arrives late never reverts newer state.
 */
type Apply = (tx: Prisma.TransactionClient, data: unknown, sentAt: Date | null) => Promise<unknown>;

const upsertUser: Apply = (tx, data, sentAt) => {
  const user = userSchema.parse(data);
  return upsertClerkUser(tx, toUser(user), { changedAt: time(user.updated_at) ?? sentAt });
};
const upsertOrganization: Apply = (tx, data, sentAt) => {
  const organization = toOrganization(organizationSchema.parse(data));
  return upsertClerkOrganization(tx, {
    ...organization,
    changedAt: organization.changedAt ?? sentAt,
  });
};
const upsertMembership: Apply = (tx, data, sentAt) =>
  upsertClerkMembership(tx, toMembership(membershipSchema.parse(data), sentAt));

const HANDLERS = new Map<string, Apply>([
  ["user.created", upsertUser],
  ["user.updated", upsertUser],
  ["user.deleted", (tx, data) => deleteClerkUser(tx, deletedSchema.parse(data).id)],
  ["organization.created", upsertOrganization],
  ["organization.updated", upsertOrganization],
  ["organization.deleted", (tx, data) => deleteClerkOrganization(tx, deletedSchema.parse(data).id)],
  ["organizationMembership.created", upsertMembership],
  ["organizationMembership.updated", upsertMembership],
  [
    "organizationMembership.deleted",
    (tx, data, sentAt) => {
      const membership = membershipSchema.parse(data);
      return deleteClerkMembership(tx, {
        clerkOrgId: membership.organization.id,
        clerkUserId: membership.public_user_data.user_id,
        clerkMembershipId: membership.id ?? null,
        // Removed when the event was sent (the payload's updated_at is its last change).
        changedAt: sentAt ?? time(membership.updated_at),
      });
    },
  ],
]);

function failure(code: AppErrorCode, message: string): ClerkWebhookResult {
  return { status: APP_ERROR_STATUS[code], body: { error: { code, message } } };
}

const ok = (status: "processed" | "ignored" | "duplicate"): ClerkWebhookResult => ({
  status: 200,
  body: { status },
});

/** Svix secrets are `whsec_` + base64; anything else is a deployment mistake, not a bad request. */
function isUsableSecret(secret: string): boolean {
  const key = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  return key.length > 0 && key.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(key);
}

async function readInput(input: ClerkWebhookInput): Promise<{ headers: Headers; body: string }> {
  if (input instanceof Request) return { headers: input.headers, body: await input.text() };
  return { headers: new Headers(input.headers), body: input.body };
}

type Verified = { deliveryId: string; event: WebhookEvent } | { error: string };

async function verify(headers: Headers, body: string, signingSecret: string): Promise<Verified> {
  const missing = ["svix-id", "svix-timestamp", "svix-signature"].filter(
    (name) => !headers.get(name)?.trim(),
  );
  if (missing.length > 0)
    return { error: `Missing webhook signature headers: ${missing.join(", ")}` };
  const deliveryId = headers.get("svix-id")?.trim() ?? "";
  const request = new NextRequest("http://clerk-webhook.invalid/", {
    method: "POST",
    headers,
    body,
  });
  try {
    return { deliveryId, event: await verifyWebhook(request, { signingSecret }) };
  } catch (error) {
    // Clerk prefixes its package name; the reason (bad signature, stale timestamp, bad JSON) is
    // what the sender needs. It never contains the secret.
    const reason =
      error instanceof Error ? error.message.replace(/^@clerk\/[\w-]+: /, "") : "invalid payload";
    return { error: `Invalid webhook: ${reason}` };
  }
}

/**
 * Verifies and applies one Clerk delivery. Answers 400 (writing nothing) when the signature,
 * headers or body are invalid; 200 when applied, ignored or already handled; 500 (with a
 * `failed` row) when applying failed, so Clerk delivers it again and it is retried.
 */
export async function handleClerkWebhook(
  db: Db,
  input: ClerkWebhookInput,
  { signingSecret }: ClerkWebhookOptions,
): Promise<ClerkWebhookResult> {
  if (!signingSecret || !isUsableSecret(signingSecret)) {
    return failure("SERVICE_UNAVAILABLE", "Clerk webhook is not configured");
  }
  let headers: Headers;
  let body: string;
  try {
    ({ headers, body } = await readInput(input));
  } catch {
    return failure("BAD_REQUEST", "Unreadable webhook body");
  }
  const verified = await verify(headers, body, signingSecret);
  if ("error" in verified) return failure("BAD_REQUEST", verified.error);
  return applyDelivery(db, verified.deliveryId, verified.event);
}

const deliveryKey = (externalId: string) => ({ source_externalId: { source: SOURCE, externalId } });

async function alreadyHandled(db: Db, deliveryId: string): Promise<boolean> {
  const row = await db.webhookEvent.findUnique({ where: deliveryKey(deliveryId) });
  return row !== null && row.status !== "failed";
}

/** When Clerk sent the event (its `timestamp`, milliseconds), if it says. */
function eventTime(event: WebhookEvent): Date | null {
  const timestamp = (event as { timestamp?: unknown }).timestamp;
  return typeof timestamp === "number" && Number.isFinite(timestamp) ? new Date(timestamp) : null;
}

/** Thrown inside the transaction when a concurrent copy of the delivery claimed it first. */
class DuplicateDelivery extends Error {}

async function applyDelivery(
  db: Db,
  deliveryId: string,
  event: WebhookEvent,
): Promise<ClerkWebhookResult> {
  const existing = await db.webhookEvent.findUnique({ where: deliveryKey(deliveryId) });
  if (existing && existing.status !== "failed") return ok("duplicate");
  const apply = HANDLERS.get(event.type);
  const status: WebhookEventStatus = apply ? "processed" : "ignored";
  const outcome = { type: event.type, status, error: null, processedAt: new Date() };
  try {
    await db.$transaction(async (tx) => {
      // Claim the delivery before applying it: a concurrent copy then blocks on this row and
      // fails (unique key, or a failed row no longer `failed`) instead of applying it twice.
      if (existing) {
        const claimed = await tx.webhookEvent.updateMany({
          where: { id: existing.id, status: "failed" },
          data: outcome,
        });
        if (claimed.count === 0) throw new DuplicateDelivery();
      } else {
        await tx.webhookEvent.create({
          data: { source: SOURCE, externalId: deliveryId, ...outcome },
        });
      }
      if (apply) await apply(tx, event.data, eventTime(event));
    });
    return ok(status);
  } catch (error) {
    if (error instanceof DuplicateDelivery || (await alreadyHandled(db, deliveryId)))
      return ok("duplicate");
    const message = (error instanceof Error ? error.message : String(error)).slice(
      0,
      MAX_ERROR_LENGTH,
    );
    // Outside the rolled-back transaction, so the failure stays visible and the retry finds it.
    await db.webhookEvent.upsert({
      where: deliveryKey(deliveryId),
      create: {
        source: SOURCE,
        externalId: deliveryId,
        type: event.type,
        status: "failed",
        error: message,
      },
      update: { type: event.type, status: "failed", error: message, processedAt: null },
    });
    log({ deliveryId, eventType: event.type }).error({ err: error }, "Clerk webhook failed");
    return failure("INTERNAL_SERVER_ERROR", "Webhook processing failed");
  }
}
