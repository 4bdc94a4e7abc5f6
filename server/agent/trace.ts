import { randomHex } from "@/server/random-hex";

// A turn's trace: one span for the turn, one per model call and one per tool call, named and
// attributed after OpenTelemetry's GenAI semantic conventions (`invoke_agent <agent>`,
// `chat <model>`, `execute_tool <tool>`, `gen_ai.*` attributes), kept as JSON on the execution
// row so the dashboard can draw the waterfall. Ids have OTLP's sizes (16-byte trace, 8-byte span).

export type SpanStatus = "ok" | "error" | "cancelled";
export type SpanKind = "agent" | "model" | "tool";
export type AttributeValue = string | number | boolean;

export type Span = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  /** ISO-8601 start time. */
  startTime: string;
  /** Milliseconds after the turn started (for the waterfall). */
  offsetMs: number;
  durationMs: number;
  status: SpanStatus;
  error?: string;
  attributes: Record<string, AttributeValue>;
};

export type OpenSpan = {
  end(status: SpanStatus, attributes?: Record<string, AttributeValue>, error?: string): Span;
};

export class TraceBuilder {
  readonly traceId = randomHex(16);
  readonly rootSpanId = randomHex(8);
  readonly spans: Span[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly now: () => number = Date.now,
  ) {}

  start(
    name: string,
    kind: SpanKind,
    attributes: Record<string, AttributeValue>,
    root = false,
  ): OpenSpan {
    const start = this.now();
    const spanId = root ? this.rootSpanId : randomHex(8);
    return {
      end: (status, more = {}, error) => {
        const span: Span = {
          traceId: this.traceId,
          spanId,
          parentSpanId: root ? null : this.rootSpanId,
          name,
          kind,
          startTime: new Date(start).toISOString(),
          offsetMs: start - this.startedAt,
          durationMs: this.now() - start,
          status,
          ...(error !== undefined && { error }),
          attributes: { ...attributes, ...more },
        };
        this.spans.push(span);
        return span;
      },
    };
  }

  /** Spans in start order (the root first), as stored. */
  toJSON(): Span[] {
    return [...this.spans].sort((a, b) => a.offsetMs - b.offsetMs || (a.parentSpanId ? 1 : -1));
  }
}
