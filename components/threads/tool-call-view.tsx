import { prettyJson, type ToolCall } from "@/components/threads/thread-helpers";
import { cn } from "@/lib/utils";

const preClass =
  "mt-1 max-h-64 overflow-auto rounded bg-muted p-2 font-mono text-xs whitespace-pre-wrap break-words";

/** One tool call of an assistant message: its arguments, then its result or error. */
export function ToolCallView({ call }: { call: ToolCall }) {
  const state = call.result === null ? "no result" : call.result.isError ? "failed" : "done";
  return (
    <div
      className={cn(
        "flex flex-col gap-1 rounded-md border bg-background p-2 text-foreground",
        call.result?.isError && "border-destructive/50",
      )}
      aria-label={`Tool call ${call.name}`}
      role="group"
    >
      <div className="flex items-center gap-2 text-xs font-medium">
        <span className="font-mono">{call.name}</span>
        <span className={cn(call.result?.isError ? "text-destructive" : "text-muted-foreground")}>
          {state}
        </span>
      </div>
      <details>
        <summary className="cursor-pointer text-xs text-muted-foreground select-none">
          Arguments
        </summary>
        <pre className={preClass}>{prettyJson(call.arguments)}</pre>
      </details>
      {call.result &&
        (call.result.isError ? (
          <p className="text-xs break-words whitespace-pre-wrap text-destructive">
            <span className="font-medium">Error: </span>
            {call.result.content}
          </p>
        ) : (
          <details>
            <summary className="cursor-pointer text-xs text-muted-foreground select-none">
              Result
            </summary>
            <pre className={preClass}>{prettyJson(call.result.content)}</pre>
          </details>
        ))}
    </div>
  );
}
