"use client";

import { useChat } from "@ai-sdk/react";
import { useQuery } from "@tanstack/react-query";
import { DefaultChatTransport } from "ai";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";

import { PlaygroundMessage } from "@/components/agents/playground-message";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { OptionSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { storedToUIMessages, type ChatMessage } from "@/lib/chat/stored-to-ui";
import { useTRPC } from "@/lib/trpc/client";

// The playground: a chat with the agent on `useChat`, over the same UI message stream the public
// API speaks (POST /api/agents/{id}/chat as the signed-in user). The conversation is a thread
// keyed by the chat id in the URL (`?thread=`), so a reload reopens it: the stored messages are
// shown and a turn still running is rejoined (`resume`). Stop cancels the turn on the server.

const ENVIRONMENTS = ["development", "production"] as const;
type Environment = (typeof ENVIRONMENTS)[number];

function newChatId(): string {
  return `playground-${crypto.randomUUID()}`;
}

export function Playground({ agentId }: { agentId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const chatId = search.get("thread");
  const environment: Environment =
    search.get("env") === "production" ? "production" : "development";

  const navigate = (next: { thread?: string; env?: Environment }) => {
    const params = new URLSearchParams(search.toString());
    if (next.thread) params.set("thread", next.thread);
    if (next.env) params.set("env", next.env);
    router.replace(`${pathname}?${params.toString()}`);
  };
  useEffect(() => {
    if (!chatId) navigate({ thread: newChatId() });
    // Only when the URL has no chat id yet.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chatId]);

  const thread = useQuery({
    ...trpc.threads.getByExternalId.queryOptions({ agentId, externalId: chatId ?? "" }),
    enabled: chatId !== null,
    retry: false,
  });
  const threadId = thread.data?.id;
  const messages = useQuery({
    ...trpc.threads.getWithMessages.queryOptions({ id: threadId ?? "", messageLimit: 200 }),
    enabled: threadId !== undefined,
  });
  const running = useQuery({
    ...trpc.executions.list.queryOptions({ threadId: threadId ?? "", status: "running", limit: 1 }),
    enabled: threadId !== undefined && thread.data?.running === true,
  });

  if (!chatId || thread.isPending) return <Spinner label="Loading conversation" />;
  // A new chat id has no thread yet: the first message creates it.
  const isNew = thread.isError;
  if (!isNew && (messages.isPending || (thread.data.running && running.isPending))) {
    return <Spinner label="Loading conversation" />;
  }
  const runningId = running.data?.items[0]?.id ?? null;
  const initial = isNew
    ? []
    : storedToUIMessages(messages.data?.messages ?? [], { threadId, skipExecutionId: runningId });

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Environment
          <OptionSelect
            aria-label="Environment"
            className="w-44"
            options={ENVIRONMENTS}
            value={environment}
            onValueChange={(env) => navigate({ env })}
          />
        </label>
        <Button variant="outline" onClick={() => navigate({ thread: newChatId() })}>
          New conversation
        </Button>
      </div>
      <ChatPanel
        key={`${chatId}:${environment}`}
        agentId={agentId}
        chatId={chatId}
        environment={environment}
        initialMessages={initial}
        resume={!isNew}
      />
    </div>
  );
}

function ChatPanel(props: {
  agentId: string;
  chatId: string;
  environment: Environment;
  initialMessages: ChatMessage[];
  /** Rejoin a running turn on mount (a new chat id has no thread to rejoin). */
  resume: boolean;
}) {
  const { agentId, chatId, environment } = props;
  const [input, setInput] = useState("");
  const [stopError, setStopError] = useState<string | null>(null);
  const api = `/api/agents/${agentId}/chat`;
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api,
        // The environment rides on the send URL only: the resume URL must stay `{api}/{id}/stream`.
        prepareSendMessagesRequest: ({ id, messages }) => ({
          api: `${api}?environment=${environment}`,
          body: { id, messages: messages.slice(-1) },
        }),
      }),
    [api, environment],
  );
  const { messages, sendMessage, status, error } = useChat<ChatMessage>({
    id: chatId,
    messages: props.initialMessages,
    transport,
    resume: props.resume,
  });
  const busy = status === "submitted" || status === "streaming";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    setInput("");
    void sendMessage({ text });
  };

  const stop = async () => {
    setStopError(null);
    // The server stops the turn and the stream ends with it (a dropped connection would not).
    const response = await fetch(`${api}/${encodeURIComponent(chatId)}/cancel`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    if (!response.ok && response.status !== 409) setStopError("Could not stop the reply");
  };

  return (
    <div className="flex flex-col gap-4">
      <ol className="flex min-h-48 flex-col gap-4 rounded-lg border p-4" aria-label="Conversation">
        {messages.length === 0 && (
          <li className="text-sm text-muted-foreground">
            Send a message to chat with the agent&apos;s {environment} config.
          </li>
        )}
        {messages.map((message, index) => (
          <PlaygroundMessage
            key={message.id}
            message={message}
            live={busy && index === messages.length - 1}
            turn={messages.slice(0, index + 1).filter((m) => m.role === "user").length}
          />
        ))}
        {status === "submitted" && (
          <li>
            <Spinner label="Waiting for the agent" />
          </li>
        )}
      </ol>
      {error && <Alert variant="destructive">{error.message || "The reply failed"}</Alert>}
      {stopError && <Alert variant="destructive">{stopError}</Alert>}
      <form onSubmit={submit} className="flex flex-col gap-2">
        <Textarea
          aria-label="Message"
          placeholder="Ask the agent something…"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) submit(event);
          }}
        />
        <div className="flex gap-2">
          <Button type="submit" disabled={busy || input.trim() === ""}>
            Send
          </Button>
          {busy && (
            <Button type="button" variant="outline" onClick={() => void stop()}>
              Stop
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
