// The code samples the API keys page offers: a curl call and a useChat component for one agent,
// filled with the app's origin, the agent's slug and a key (its placeholder, or the key just
// created). Pure, so they are tested as text.

export const KEY_PLACEHOLDER = "af_test_...";
/** Shown when the organization has no agent yet. */
export const SLUG_PLACEHOLDER = "your-agent";

export type SnippetInput = { origin: string; slug: string; apiKey: string };

/** A POSIX shell word: single quotes, a quote inside closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function chatUrl({ origin, slug }: Pick<SnippetInput, "origin" | "slug">): string {
  return `${origin.replace(/\/+$/, "")}/v1/agents/${encodeURIComponent(slug)}/chat`;
}

/** A JSON answer from the agent; `-N` would show the stream with `"stream": true`. */
export function curlSnippet(input: SnippetInput): string {
  const body = JSON.stringify({ message: "Hello!", externalThreadId: "customer-42" });
  return [
    `curl ${shellQuote(chatUrl(input))} \\`,
    `  -H ${shellQuote(`Authorization: Bearer ${input.apiKey}`)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${shellQuote(body)}`,
  ].join("\n");
}

/** A React component chatting with the agent through the AI SDK's useChat. */
export function useChatSnippet(input: SnippetInput): string {
  const api = JSON.stringify(chatUrl(input));
  const authorization = JSON.stringify(`Bearer ${input.apiKey}`);
  return `"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";

// The key is a secret: in production, call these routes from your server (a proxy route)
// rather than shipping the key to browsers.
const transport = new DefaultChatTransport({
  api: ${api},
  headers: { Authorization: ${authorization} },
});

/** One conversation per chatId: it is the thread's external id, and resumes after a reload. */
export function AgentChat({ chatId }: { chatId: string }) {
  const { messages, sendMessage, status } = useChat({ id: chatId, transport, resume: true });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const input = event.currentTarget.elements.namedItem("message") as HTMLInputElement;
        sendMessage({ text: input.value });
        input.value = "";
      }}
    >
      {messages.map((message) => (
        <p key={message.id}>
          {message.role}:{" "}
          {message.parts.map((part) => (part.type === "text" ? part.text : "")).join("")}
        </p>
      ))}
      <input name="message" disabled={status !== "ready"} />
    </form>
  );
}
`;
}
