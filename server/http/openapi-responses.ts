import { z } from "zod";
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from "zod-openapi";
import { MAX_BODY_BYTES, MAX_BODY_DEPTH } from "@/server/auth/public-api";
import { chatAnswerSchema, errorBodySchema } from "@/server/http/public-schemas";
import {
  exampleStream,
  streamPartSchema,
  UI_MESSAGE_STREAM_HEADER,
} from "@/server/http/public-stream-schemas";

// The answers of the OpenAPI document (server/http/openapi.ts) that several routes share: the
// RateLimit-* headers, the error statuses with their meaning and an example each, the stream,
// and the chat routes' answers.

const count = z.int().min(0);
export const rateLimitHeaders = z.object({
  "RateLimit-Limit": count.meta({ description: "Requests the tighter bucket holds (its burst)" }),
  "RateLimit-Remaining": count.meta({ description: "Requests left in it" }),
  "RateLimit-Reset": count.meta({ description: "Seconds until it is full again" }),
});
const tooManyHeaders = rateLimitHeaders.extend({
  "Retry-After": z.int().min(1).meta({ description: "Seconds until a retry can succeed" }),
});
export const streamHeaders = rateLimitHeaders.extend({
  [UI_MESSAGE_STREAM_HEADER]: z.literal("v1").meta({ description: "The stream's protocol" }),
});

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;
type ErrorExample = {
  code: (typeof errorBodySchema.shape.error.shape.code.options)[number];
  message: string;
};

const STANDARD: Record<Status, { description: string; example: ErrorExample }> = {
  400: {
    description:
      "Invalid body, query or header (the message names the field), a body nested deeper than " +
      `${MAX_BODY_DEPTH} levels, or text with NUL characters or lone surrogates`,
    example: {
      code: "BAD_REQUEST",
      message: "message: Too small: expected string to have >=1 characters",
    },
  },
  401: {
    description: "Missing, unknown, revoked or expired API key (no RateLimit headers)",
    example: { code: "UNAUTHORIZED", message: "Missing API key" },
  },
  403: {
    description: "The key's permissions do not include this agent",
    example: { code: "FORBIDDEN", message: "This API key is not allowed to use agent support" },
  },
  404: {
    description: "Not found, or of another organization, or of an agent the key may not use",
    example: { code: "NOT_FOUND", message: "Thread not found" },
  },
  409: {
    description: "Conflict",
    example: { code: "CONFLICT", message: "No turn is running on this thread" },
  },
  413: {
    description: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB (on any route: every body is read)`,
    example: { code: "PAYLOAD_TOO_LARGE", message: "Request body is larger than 64 KiB" },
  },
  422: {
    description: "This Idempotency-Key was used with another route or body",
    example: {
      code: "UNPROCESSABLE_CONTENT",
      message: "This Idempotency-Key was used with another request body",
    },
  },
  429: {
    description: "Rate limited (per key and per organization): retry after Retry-After seconds",
    example: { code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded" },
  },
  500: {
    description: "Internal error (the details are logged, never sent)",
    example: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
  },
  502: {
    description: "The model provider failed (after the SDK's own retries)",
    example: {
      code: "BAD_GATEWAY",
      message: "The model provider is overloaded; try again shortly",
    },
  },
  503: {
    description: "No model is configured on this server",
    example: {
      code: "SERVICE_UNAVAILABLE",
      message: "No model provider is configured: set ANTHROPIC_API_KEY to let agents chat",
    },
  },
  504: {
    description: "The turn ran past its time limit",
    example: { code: "GATEWAY_TIMEOUT", message: "The turn did not finish within 120 s" },
  },
};

function errorResponse(
  status: Status,
  override: { description?: string; examples?: Record<string, ErrorExample> } = {},
): ZodOpenApiResponseObject {
  const standard = STANDARD[status];
  const examples = override.examples ?? { [standard.example.code]: standard.example };
  return {
    description: override.description ?? standard.description,
    headers: status === 429 ? tooManyHeaders : status === 401 ? undefined : rateLimitHeaders,
    content: {
      "application/json": {
        schema: errorBodySchema,
        examples: Object.fromEntries(
          Object.entries(examples).map(([name, error]) => [name, { value: { error } }]),
        ),
      },
    },
  };
}

type Overrides = Partial<Record<Status, Parameters<typeof errorResponse>[1]>>;

export function errors(statuses: Status[], overrides: Overrides = {}): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    statuses.map((status) => [String(status), errorResponse(status, overrides[status])]),
  );
}

export const streamContent = {
  "text/event-stream": { schema: streamPartSchema, example: exampleStream() },
};

export const chatResponses: ZodOpenApiResponsesObject = {
  "200": {
    description:
      "The turn: JSON when not streaming; the stream with `stream: true`, " +
      "`Accept: text/event-stream` or a useChat body (model failures then come as an `error` " +
      "part, still with 200). A replay of an Idempotency-Key answers `Idempotent-Replayed: true`.",
    headers: rateLimitHeaders.extend({
      "Idempotent-Replayed": z
        .literal("true")
        .optional()
        .meta({ description: "The answer of an earlier request with this Idempotency-Key" }),
      [UI_MESSAGE_STREAM_HEADER]: z
        .literal("v1")
        .optional()
        .meta({ description: "On a stream: its protocol" }),
    }),
    content: { "application/json": { schema: chatAnswerSchema }, ...streamContent },
  },
  ...errors([400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504], {
    404: { description: "No such agent (or deleted), or the thread is not this agent's" },
    409: {
      description:
        "The agent is paused or has no config for the key's environment, a turn already runs on " +
        "the thread, or (`idempotency_in_progress`) the request with this Idempotency-Key still runs",
      examples: {
        paused: { code: "CONFLICT", message: "The agent is paused" },
        running: { code: "CONFLICT", message: "A turn is already running on this thread" },
        idempotency_in_progress: {
          code: "idempotency_in_progress",
          message: "A request with this Idempotency-Key is still running",
        },
      },
    },
  }),
};
