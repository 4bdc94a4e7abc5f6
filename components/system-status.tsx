"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";

const RUNNER_LABELS = { inngest: "Inngest", local: "local", none: "none" } as const;

/**
 * Database reachability and the job runner as the server sees them, and the organization's
 * waiting and dead jobs, refreshed every 30 s.
 */
export function SystemStatus() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: 30_000 });
  const jobs = useQuery({ ...trpc.jobs.getStats.queryOptions(), refetchInterval: 30_000 });
  const database = health.data?.database;
  const runner = health.data?.jobRunner;
  return (
    <Card>
      <CardHeader>
        <CardTitle>System status</CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <span className="flex items-center gap-2">
            <span>Database</span>
            {health.isPending ? (
              <Spinner />
            ) : (
              <Badge
                variant={database === "ok" ? "secondary" : "destructive"}
                aria-label={`Database ${database ?? "unknown"}`}
              >
                {database ?? "unknown"}
              </Badge>
            )}
          </span>
          <span className="flex items-center gap-2">
            <span>Job runner</span>
            {health.isPending ? (
              <Spinner label="Loading job runner" />
            ) : (
              <Badge
                variant={runner === "none" || !runner ? "destructive" : "secondary"}
                aria-label={`Job runner ${runner ? RUNNER_LABELS[runner] : "unknown"}`}
                title={
                  runner === "none"
                    ? "No runner in this process: enqueued jobs wait until one starts."
                    : undefined
                }
              >
                {runner ? RUNNER_LABELS[runner] : "unknown"}
              </Badge>
            )}
          </span>
          <Link href="/jobs" className="flex items-center gap-2 underline-offset-4 hover:underline">
            {jobs.isPending ? (
              <>
                <span>Jobs</span>
                <Spinner label="Loading job counts" />
              </>
            ) : jobs.data ? (
              <>
                <span>{jobs.data.byStatus.pending} pending</span>
                <span aria-hidden="true">·</span>
                <span className={jobs.data.byStatus.dead > 0 ? "text-destructive" : undefined}>
                  {jobs.data.byStatus.dead} dead
                </span>
              </>
            ) : (
              <span>Jobs unavailable</span>
            )}
          </Link>
        </CardDescription>
      </CardHeader>
    </Card>
  );
}
