"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { TraceWaterfall } from "@/components/agents/trace-waterfall";
import { formatDuration } from "@/components/threads/thread-helpers";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type ExecutionStatus = RouterOutputs["executions"]["get"]["status"];

const STATUS_VARIANTS: Record<ExecutionStatus, BadgeVariant> = {
  running: "default",
  awaiting_approval: "default",
  success: "secondary",
  cancelled: "outline",
  error: "destructive",
  timeout: "destructive",
};

/** A turn's trace on demand: the execution (with its spans) loads when first opened. */
export function TurnTrace({ executionId, turn }: { executionId: string; turn: number }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <Button
        variant="ghost"
        size="sm"
        className="self-start"
        aria-expanded={open}
        aria-controls={`${id}-trace`}
        aria-label={`${open ? "Hide" : "Show"} trace of turn ${turn}`}
        onClick={() => setOpen((shown) => !shown)}
      >
        {open ? "Hide trace" : "Show trace"}
      </Button>
      {open && (
        <div id={`${id}-trace`} className="rounded-md border p-3">
          <ExecutionDetails executionId={executionId} />
        </div>
      )}
    </div>
  );
}

function ExecutionDetails({ executionId }: { executionId: string }) {
  const trpc = useTRPC();
  const execution = useQuery(trpc.executions.get.queryOptions({ id: executionId }));
  if (execution.isPending) return <Spinner label="Loading trace" />;
  if (execution.error) {
    return <p className="text-sm text-destructive">{errorMessage(execution.error)}</p>;
  }
  const run = execution.data;
  const cache =
    run.cacheReadTokens + run.cacheWriteTokens > 0
      ? ` (cache: ${run.cacheReadTokens} read, ${run.cacheWriteTokens} written)`
      : "";
  return (
    <div className="flex flex-col gap-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
        <dt className="text-muted-foreground">Status</dt>
        <dd>
          <Badge variant={STATUS_VARIANTS[run.status]}>{run.status}</Badge>
          {run.errorMessage && <span className="ml-2 text-destructive">{run.errorMessage}</span>}
        </dd>
        <dt className="text-muted-foreground">Stop reason</dt>
        <dd className="font-mono">{run.stopReason ?? "—"}</dd>
        <dt className="text-muted-foreground">Tokens</dt>
        <dd>
          {run.inputTokens} in · {run.outputTokens} out{cache}
        </dd>
        <dt className="text-muted-foreground">Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
        <dt className="text-muted-foreground">Model</dt>
        <dd className="font-mono">
          {run.model ?? "—"} · {run.environment}
        </dd>
      </dl>
      <TraceWaterfall spans={run.trace} />
    </div>
  );
}
