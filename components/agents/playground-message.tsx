"use client";

import { TurnTrace } from "@/components/threads/turn-trace";
import type { ChatMessage } from "@/lib/chat/stored-to-ui";
import { cn } from "@/lib/utils";

// One message of the playground: text as it streams, each tool call with its arguments and then
// its result or error, and (once the turn has ended) the turn's trace on demand.

type Part = ChatMessage["parts"][number];
type ToolPart = Extract<Part, { toolCallId: string }> & {
  state: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
};

const isToolPart = (part: Part): part is ToolPart =>
  part.type.startsWith("tool-") || part.type === "dynamic-tool";

const toolName = (part: ToolPart) =>
  part.type === "dynamic-tool"
    ? (part as unknown as { toolName: string }).toolName
    : part.type.slice("tool-".length);

function Json({ value }: { value: unknown }) {
  return (
    <pre className="max-h-48 overflow-auto rounded bg-muted p-2 text-xs">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function ToolCall({ part }: { part: ToolPart }) {
  const name = toolName(part);
  const done = part.state === "output-available" || part.state === "output-error";
  return (
    <div className="flex flex-col gap-1 rounded-md border p-2" aria-label={`Tool call ${name}`}>
      <div className="flex items-center gap-2 text-xs font-medium">
        <span className="font-mono">{name}</span>
        <span className="text-muted-foreground">
          {part.state === "output-error" ? "failed" : done ? "done" : "running…"}
        </span>
      </div>
      <details>
        <summary className="cursor-pointer text-xs text-muted-foreground">Arguments</summary>
        <Json value={part.input ?? {}} />
      </details>
      {part.state === "output-available" && (
        <details open>
          <summary className="cursor-pointer text-xs text-muted-foreground">Result</summary>
          <Json value={part.output} />
        </details>
      )}
      {part.state === "output-error" && (
        <p role="alert" className="text-xs text-destructive">
          {part.errorText}
        </p>
      )}
    </div>
  );
}

export function PlaygroundMessage({
  message,
  live,
  turn,
}: {
  message: ChatMessage;
  live: boolean;
  /** The turn's number in the conversation (names its trace button). */
  turn: number;
}) {
  const user = message.role === "user";
  const executionId = message.metadata?.executionId;
  return (
    <li
      className={cn("flex flex-col gap-2", user ? "items-end" : "items-start")}
      aria-label={user ? "Your message" : "Agent reply"}
    >
      <div
        className={cn(
          "flex max-w-[85%] flex-col gap-2 rounded-lg px-3 py-2 text-sm",
          user ? "bg-primary text-primary-foreground" : "bg-muted/50",
        )}
      >
        {message.parts.map((part, index) =>
          part.type === "text" ? (
            <p key={index} className="whitespace-pre-wrap">
              {part.text}
            </p>
          ) : isToolPart(part) ? (
            <ToolCall key={part.toolCallId} part={part} />
          ) : null,
        )}
      </div>
      {!user && executionId && !live && (
        <div className="w-full max-w-[85%]">
          <TurnTrace executionId={executionId} turn={turn} />
        </div>
      )}
    </li>
  );
}
