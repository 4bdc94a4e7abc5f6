import { FormattedDate } from "@/components/formatted-date";
import { ToolCallView } from "@/components/threads/tool-call-view";
import type { TranscriptItem } from "@/components/threads/thread-helpers";
import { cn } from "@/lib/utils";

const LABELS = {
  user: "User message",
  assistant: "Agent reply",
  system: "System message",
  tool: "Tool result",
} as const;

/** One stored message: user on the right, the agent on the left with its tool calls. */
export function MessageBubble({ item }: { item: TranscriptItem }) {
  const { message } = item;
  const user = message.role === "user";
  const toolCalls = item.kind === "message" ? item.toolCalls : [];
  return (
    <li
      aria-label={LABELS[message.role]}
      className={cn("flex flex-col gap-1", user ? "items-end" : "items-start")}
    >
      <div
        className={cn(
          "flex max-w-[85%] flex-col gap-2 rounded-lg px-3 py-2 text-sm",
          user && "bg-primary text-primary-foreground",
          message.role === "assistant" && "bg-muted/60",
          message.role === "system" && "border border-dashed text-muted-foreground",
          item.kind === "orphanResult" && "border font-mono text-xs",
          message.isError && "border-destructive/50 text-destructive",
        )}
      >
        {item.kind === "orphanResult" && (
          <span className="text-muted-foreground">Result of a call not loaded above:</span>
        )}
        {message.content !== "" && (
          <p className="break-words whitespace-pre-wrap">{message.content}</p>
        )}
        {toolCalls.map((call) => (
          <ToolCallView key={call.id} call={call} />
        ))}
      </div>
      <span className="text-xs text-muted-foreground">
        <FormattedDate value={message.createdAt} withTime />
      </span>
    </li>
  );
}
