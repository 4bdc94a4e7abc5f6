"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { nextCursor } from "@/components/agents/agent-helpers";
import { EnqueueJobDialog } from "@/components/jobs/enqueue-job-dialog";
import {
  hasActiveJobs,
  jobsListInput,
  NO_FILTERS,
  OUTCOME_DAYS,
  REFRESH_MS,
  type JobFilters,
} from "@/components/jobs/job-helpers";
import { JobOutcomesChart } from "@/components/jobs/job-outcomes-chart";
import { JobStatusChips } from "@/components/jobs/job-status-chips";
import { JobsTable } from "@/components/jobs/jobs-table";
import { LoadMoreButton } from "@/components/load-more-button";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type JobsViewProps = { title: string; description: string };

/**
 * The organization's background jobs: counts per status (which filter the list), outcomes per
 * day, and the jobs themselves. While any job waits or runs, everything refreshes every 3 s.
 */
export function JobsView({ title, description }: JobsViewProps) {
  const trpc = useTRPC();
  const id = useId();
  const current = useCurrentMember();
  const [filters, setFilters] = useState<JobFilters>(NO_FILTERS);
  const stats = useQuery({
    ...trpc.jobs.getStats.queryOptions(),
    refetchInterval: (query) => (hasActiveJobs(query.state.data) ? REFRESH_MS : false),
  });
  const refetchInterval = hasActiveJobs(stats.data) ? REFRESH_MS : false;
  const types = useQuery(trpc.jobs.types.queryOptions());
  const outcomes = useQuery({
    ...trpc.jobs.getOutcomes.queryOptions({ days: OUTCOME_DAYS }),
    refetchInterval,
  });
  const jobs = useInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(jobsListInput(filters), {
      getNextPageParam: nextCursor,
      placeholderData: keepPreviousData,
      refetchInterval,
    }),
  );
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.status !== "" || filters.jobType !== "";
  // A background refresh, not the first load or a page being added.
  const refreshing =
    (jobs.isFetching && !jobs.isPending && !jobs.isFetchingNextPage) ||
    (stats.isFetching && !stats.isPending);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description}>
        {current.canManage && <EnqueueJobDialog />}
      </PageHeader>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Outcomes
          </CardTitle>
          <CardDescription>
            Per day (UTC), the last {OUTCOME_DAYS} days: jobs completed, attempts that failed, and
            jobs that went dead.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {outcomes.isPending ? (
            <Skeleton className="h-60 w-full" />
          ) : outcomes.error ? (
            <Alert variant="destructive">{errorMessage(outcomes.error)}</Alert>
          ) : (
            <JobOutcomesChart days={outcomes.data} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="flex flex-col gap-4">
          <div className="flex items-center justify-between gap-2">
            <CardTitle role="heading" aria-level={2}>
              Jobs
            </CardTitle>
            <span className="flex h-5 items-center gap-2 text-xs text-muted-foreground">
              {refreshing && (
                <>
                  <Spinner label="Refreshing jobs" />
                  <span aria-hidden="true">Refreshing…</span>
                </>
              )}
              {!refreshing && refetchInterval !== false && <span>Refreshing every 3 s</span>}
            </span>
          </div>
          <JobStatusChips
            stats={stats.data}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
          />
          <div className="flex max-w-xs flex-col gap-1.5">
            <Label htmlFor={`${id}-type`}>Type</Label>
            <Select
              id={`${id}-type`}
              value={filters.jobType}
              onChange={(event) => setFilters({ ...filters, jobType: event.target.value })}
            >
              <option value="">All types</option>
              {(types.data ?? []).map((type) => (
                <option key={type.id} value={type.id}>
                  {type.id}
                </option>
              ))}
            </Select>
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-3" aria-busy={jobs.isPlaceholderData}>
          {stats.error && <Alert variant="destructive">{errorMessage(stats.error)}</Alert>}
          {jobs.isPending ? (
            <TableSkeleton label="Loading jobs" rows={5} />
          ) : !jobs.data ? (
            <Alert variant="destructive">{errorMessage(jobs.error)}</Alert>
          ) : (
            <JobsTable
              jobs={items}
              canManage={current.canManage}
              emptyMessage={
                filtered
                  ? "No jobs match these filters."
                  : "No jobs yet. Jobs appear here when agents, the dashboard or the schedule enqueue them."
              }
            />
          )}
          {jobs.data && jobs.isError && (
            <Alert variant="destructive">{errorMessage(jobs.error)}</Alert>
          )}
          <LoadMoreButton pages={jobs} />
        </CardContent>
      </Card>
    </div>
  );
}
