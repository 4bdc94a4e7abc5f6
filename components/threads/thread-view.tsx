"use client";

import { LoadMoreButton } from "@/components/load-more-button";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { nextCursor } from "@/components/agents/agent-helpers";
import { MessageBubble } from "@/components/threads/message-bubble";
import {
  groupTurns,
  messagesInput,
  playgroundHref,
  transcriptItems,
} from "@/components/threads/thread-helpers";
import { TurnTrace } from "@/components/threads/turn-trace";
import { FormattedDate } from "@/components/formatted-date";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

const backLinkClass =
  "text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:underline";

// While a turn runs, the thread and its new messages are polled at this pace.
const RUNNING_POLL_MS = 3000;

/** One thread's transcript, oldest first, turn by turn with each turn's trace on demand. */
export function ThreadView({ id }: { id: string }) {
  const trpc = useTRPC();
  const thread = useQuery({
    ...trpc.threads.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data?.running ? RUNNING_POLL_MS : false),
  });
  const running = thread.data?.running === true;
  const messages = useInfiniteQuery(
    trpc.threads.getMessages.infiniteQueryOptions(messagesInput(id), {
      getNextPageParam: nextCursor,
      refetchInterval: running ? RUNNING_POLL_MS : false,
    }),
  );

  if (thread.isPending) return <TableSkeleton label="Loading thread" />;
  if (thread.error) {
    return (
      <div className="flex flex-col gap-4">
        <Link href="/threads" className={backLinkClass}>
          ← Back to threads
        </Link>
        <Alert variant="destructive">{errorMessage(thread.error)}</Alert>
      </div>
    );
  }
  const data = thread.data;
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];
  // Turns are numbered among those that ran (messages added outside a turn have no trace).
  let count = 0;
  const turns = groupTurns(transcriptItems(items)).map((turn) => ({
    turn,
    number: turn.executionId ? ++count : null,
  }));

  return (
    <div className="flex flex-col gap-6">
      <Link href="/threads" className={backLinkClass}>
        ← Back to threads
      </Link>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="flex flex-col gap-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="font-mono text-2xl font-semibold tracking-tight break-all">
              {data.externalId ?? data.id}
            </h1>
            {running && <Badge>Running</Badge>}
          </div>
          <p className="text-sm text-muted-foreground">
            With{" "}
            <Link href={`/agents/${data.agent.id}`} className="underline underline-offset-4">
              {data.agent.name}
            </Link>{" "}
            · {data.messageCount} messages · started{" "}
            <FormattedDate value={data.createdAt} withTime />
          </p>
        </div>
        {playgroundHref(data) && (
          <Link href={playgroundHref(data)!} className={buttonVariants({ variant: "outline" })}>
            Open in playground
          </Link>
        )}
      </div>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Transcript
          </CardTitle>
          <CardDescription>
            Oldest first. Tool calls show their arguments and results; each turn&apos;s trace shows
            where its time and tokens went.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {messages.isPending ? (
            <TableSkeleton label="Loading messages" />
          ) : !messages.data ? (
            <Alert variant="destructive">{errorMessage(messages.error)}</Alert>
          ) : turns.length === 0 ? (
            <p className="text-sm text-muted-foreground">No messages yet.</p>
          ) : (
            <ol className="flex flex-col gap-6" aria-label="Transcript">
              {turns.map(({ turn, number }) => (
                <li
                  key={turn.key}
                  aria-label={number ? `Turn ${number}` : "Messages outside a turn"}
                  className="flex flex-col gap-3 border-b pb-4 last:border-b-0 last:pb-0"
                >
                  <ul className="flex flex-col gap-3">
                    {turn.items.map((item) => (
                      <MessageBubble key={item.message.id} item={item} />
                    ))}
                  </ul>
                  {turn.executionId && number && (
                    <TurnTrace executionId={turn.executionId} turn={number} />
                  )}
                </li>
              ))}
            </ol>
          )}
          {messages.data && messages.isError && (
            <Alert variant="destructive">{errorMessage(messages.error)}</Alert>
          )}
          <LoadMoreButton pages={messages} label="Load more messages" />
        </CardContent>
      </Card>
    </div>
  );
}
