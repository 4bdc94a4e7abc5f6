import type { Span } from "@/server/agent/trace";
import { log } from "@/server/log";

// A turn's spans exported over OTLP/HTTP (JSON encoding) when OTEL_EXPORTER_OTLP_ENDPOINT is set,
// so they reach whatever tracing backend the organization runs (Jaeger, Tempo, Honeycomb, an
// OpenTelemetry collector). Best effort: a backend that is down or slow never affects a turn.

export type OtlpTarget = {
  /** The base URL; spans go to `{endpoint}/v1/traces`, as OTEL_EXPORTER_OTLP_ENDPOINT means. */
  endpoint: string;
  /** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2` (e.g. an API key of the backend). */
  headers?: string;
  serviceName?: string;
  timeoutMs?: number;
};

export type TurnResource = { organizationId: string; agentId: string; executionId: string };

type AnyValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

function anyValue(value: string | number | boolean): AnyValue {
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  return { stringValue: value };
}

const attributes = (values: Record<string, string | number | boolean>) =>
  Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) }));

/** Nanoseconds since the epoch as OTLP's JSON wants them: a decimal string. */
const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();

// OTLP span kinds: INTERNAL for the turn and tools we run, CLIENT for the call to the model.
const KIND = { agent: 1, tool: 1, model: 3 } as const;
const STATUS = { ok: 1, error: 2, cancelled: 0 } as const;

export function otlpTracePayload(
  spans: Span[],
  resource: TurnResource,
  serviceName = "agentforge",
) {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attributes({
            "service.name": serviceName,
            "agentforge.organization.id": resource.organizationId,
          }),
        },
        scopeSpans: [
          {
            scope: { name: "agentforge.agent" },
            spans: spans.map((span) => {
              const start = Date.parse(span.startTime);
              return {
                traceId: span.traceId,
                spanId: span.spanId,
                ...(span.parentSpanId && { parentSpanId: span.parentSpanId }),
                name: span.name,
                kind: KIND[span.kind],
                startTimeUnixNano: nanos(start),
                endTimeUnixNano: nanos(start + span.durationMs),
                attributes: attributes({
                  ...span.attributes,
                  "agentforge.execution.id": resource.executionId,
                }),
                status: { code: STATUS[span.status], ...(span.error && { message: span.error }) },
              };
            }),
          },
        ],
      },
    ],
  };
}

function parseHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const index = pair.indexOf("=");
    if (index > 0)
      headers[pair.slice(0, index).trim()] = decodeURIComponent(pair.slice(index + 1).trim());
  }
  return headers;
}

/** Sends the spans; resolves whatever happens (failures are logged without the headers). */
export async function exportTrace(
  target: OtlpTarget,
  spans: Span[],
  resource: TurnResource,
): Promise<boolean> {
  try {
    const response = await fetch(`${target.endpoint.replace(/\/+$/, "")}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", ...parseHeaders(target.headers) },
      body: JSON.stringify(otlpTracePayload(spans, resource, target.serviceName)),
      signal: AbortSignal.timeout(target.timeoutMs ?? 5_000),
    });
    if (!response.ok)
      log({ executionId: resource.executionId, status: response.status }).warn(
        "trace export refused",
      );
    return response.ok;
  } catch (error) {
    log({ executionId: resource.executionId }).warn(
      { error: (error as Error).message },
      "trace export failed",
    );
    return false;
  }
}
