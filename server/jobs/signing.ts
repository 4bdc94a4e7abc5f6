import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Notifications are signed as Standard Webhooks (docs/notifications.md), so a receiver verifies
// them with any Standard Webhooks library and the organization's secret.

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

export type SignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/**
 * The three Standard Webhooks headers of one delivery. `messageId` stays the same across the
 * retries of one message, so a receiver can drop a repeat it already handled.
 */
export function signatureHeaders(
  secret: string,
  messageId: string,
  timestamp: Date,
  body: string,
): SignatureHeaders {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, timestamp, body),
  };
}
