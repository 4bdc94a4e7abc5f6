import { cn } from "@/lib/utils";

// A turn's trace as a waterfall: one row per span (the turn, each model call, each tool call),
// a bar placed by its start and sized by its duration on the turn's time axis, so where the time
// went is visible at a glance. Spans are the execution row's `trace` (OpenTelemetry GenAI names).

export type TraceSpan = {
  spanId: string;
  name: string;
  kind: "agent" | "model" | "tool";
  offsetMs: number;
  durationMs: number;
  status: "ok" | "error" | "cancelled";
  error?: string;
  attributes: Record<string, string | number | boolean>;
};

const BAR_CLASS: Record<TraceSpan["kind"], string> = {
  agent: "bg-muted-foreground/40",
  model: "bg-primary/70",
  tool: "bg-amber-500/80",
};

function asSpans(value: unknown): TraceSpan[] {
  return Array.isArray(value)
    ? value.filter(
        (span): span is TraceSpan =>
          typeof span === "object" && span !== null && typeof span.name === "string",
      )
    : [];
}

function tokens(span: TraceSpan): string | null {
  const input = span.attributes["gen_ai.usage.input_tokens"];
  const output = span.attributes["gen_ai.usage.output_tokens"];
  if (span.kind !== "model" || typeof input !== "number" || typeof output !== "number") return null;
  return `${input} in · ${output} out`;
}

export function TraceWaterfall({ spans: raw }: { spans: unknown }) {
  const spans = asSpans(raw);
  if (spans.length === 0)
    return <p className="text-sm text-muted-foreground">No spans recorded.</p>;
  const total = Math.max(1, ...spans.map((span) => span.offsetMs + span.durationMs));
  return (
    <table className="w-full text-xs" aria-label="Trace">
      <thead className="sr-only">
        <tr>
          <th>Span</th>
          <th>Timeline</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {spans.map((span) => (
          <tr key={span.spanId} className="align-middle">
            <td className={cn("w-56 truncate py-1 pr-2", span.kind !== "agent" && "pl-4")}>
              <span className="font-mono">{span.name}</span>
              {span.status !== "ok" && (
                <span
                  className={cn(
                    "ml-2",
                    span.status === "error" ? "text-destructive" : "text-muted-foreground",
                  )}
                  title={span.error}
                >
                  {span.status}
                </span>
              )}
            </td>
            <td className="py-1">
              <div className="relative h-3 rounded bg-muted">
                <div
                  className={cn("absolute top-0 h-3 min-w-[2px] rounded", BAR_CLASS[span.kind])}
                  style={{
                    left: `${(span.offsetMs / total) * 100}%`,
                    width: `${(span.durationMs / total) * 100}%`,
                  }}
                />
              </div>
            </td>
            <td className="w-40 py-1 pl-2 text-right whitespace-nowrap text-muted-foreground tabular-nums">
              {span.durationMs} ms{tokens(span) && <span className="ml-2">{tokens(span)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
