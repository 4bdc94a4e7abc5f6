"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, useSyncExternalStore } from "react";

import {
  curlSnippet,
  KEY_PLACEHOLDER,
  SLUG_PLACEHOLDER,
  useChatSnippet,
} from "@/components/api-keys/api-snippets";
import { CodeBlock } from "@/components/code-block";
import { AGENT_OPTIONS_LIMIT } from "@/components/threads/thread-helpers";
import { Alert } from "@/components/ui/alert";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

const noSubscription = () => () => {};

/** The app's origin in the browser; empty while rendering on the server (relative URLs). */
function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
}

export type ApiSnippetsProps = {
  /** The key just created, shown once; otherwise the snippets carry a placeholder. */
  apiKey?: string;
};

/** Copyable curl and useChat samples for one of the organization's agents. */
export function ApiSnippets({ apiKey }: ApiSnippetsProps) {
  const trpc = useTRPC();
  const id = useId();
  const origin = useOrigin();
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: AGENT_OPTIONS_LIMIT }));
  const items = agents.data?.items ?? [];
  const [chosen, setChosen] = useState("");
  const slug = items.some((agent) => agent.slug === chosen)
    ? chosen
    : (items[0]?.slug ?? SLUG_PLACEHOLDER);
  const input = { origin, slug, apiKey: apiKey ?? KEY_PLACEHOLDER };

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div className="flex flex-col gap-1.5 sm:max-w-sm">
        <Label htmlFor={`${id}-agent`}>Agent</Label>
        <Select
          id={`${id}-agent`}
          value={slug}
          disabled={items.length === 0}
          onChange={(event) => setChosen(event.target.value)}
        >
          {items.length === 0 && <option value={SLUG_PLACEHOLDER}>No agent yet</option>}
          {items.map((agent) => (
            <option key={agent.id} value={agent.slug}>
              {agent.name} ({agent.slug})
            </option>
          ))}
        </Select>
      </div>
      {agents.error && <Alert variant="destructive">{errorMessage(agents.error)}</Alert>}
      {apiKey ? (
        <p className="text-sm text-muted-foreground">
          The snippets hold the new key: copy them before you close this dialog.
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">
          Replace <code className="font-mono">{KEY_PLACEHOLDER}</code> with one of your keys
          (af_live_... keys chat with production configs). Every route is described in the{" "}
          <Link href="/api-reference" className="underline underline-offset-4">
            API reference
          </Link>
          .
        </p>
      )}
      <CodeBlock label="curl" copyLabel="Copy curl" code={curlSnippet(input)} />
      <CodeBlock label="useChat (React)" copyLabel="Copy useChat" code={useChatSnippet(input)} />
    </div>
  );
}
