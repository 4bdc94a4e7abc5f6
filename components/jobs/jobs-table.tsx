"use client";

import { Fragment, useState } from "react";

import { RelativeDate } from "@/components/agents/relative-date";
import { FormattedDate } from "@/components/formatted-date";
import { JobDetail } from "@/components/jobs/job-detail";
import {
  nextRunOf,
  STATUS_LABELS,
  STATUS_VARIANTS,
  truncate,
  type Job,
} from "@/components/jobs/job-helpers";
import { ListTable } from "@/components/list-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TableCell, TableRow } from "@/components/ui/table";

const COLUMNS = ["Status", "Type", "Attempts", "Priority", "Next run", "Created", "Error"];

export type JobsTableProps = { jobs: Job[]; canManage: boolean; emptyMessage: string };

/** One row per job; "Details" opens the row's payload, result, error, times and actions. */
export function JobsTable({ jobs, canManage, emptyMessage }: JobsTableProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <ListTable
      caption="Jobs"
      columns={COLUMNS}
      actions
      emptyMessage={emptyMessage}
      rowCount={jobs.length}
    >
      {jobs.map((job) => {
        const expanded = open.has(job.id);
        const detailId = `job-${job.id}-detail`;
        return (
          <Fragment key={job.id}>
            <TableRow>
              <TableCell>
                <Badge variant={STATUS_VARIANTS[job.status]}>{STATUS_LABELS[job.status]}</Badge>
              </TableCell>
              <TableCell>
                <code className="font-mono text-xs">{job.jobType}</code>
              </TableCell>
              <TableCell className="tabular-nums">
                {job.attempts}/{job.maxAttempts}
              </TableCell>
              <TableCell className="tabular-nums">{job.priority}</TableCell>
              <TableCell>
                <FormattedDate value={nextRunOf(job)} withTime fallback="—" />
              </TableCell>
              <TableCell>
                <RelativeDate value={job.createdAt} />
              </TableCell>
              <TableCell
                className="max-w-64 truncate text-xs"
                title={job.errorMessage ?? undefined}
              >
                {job.errorMessage ? (
                  <span className="text-destructive">{truncate(job.errorMessage)}</span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className="text-right">
                <Button
                  variant="ghost"
                  size="sm"
                  aria-expanded={expanded}
                  aria-controls={expanded ? detailId : undefined}
                  onClick={() => toggle(job.id)}
                >
                  {expanded ? "Hide" : "Details"}
                  <span className="sr-only"> of the {job.jobType} job</span>
                </Button>
              </TableCell>
            </TableRow>
            {expanded && (
              <TableRow id={detailId} className="bg-muted/30 hover:bg-muted/30">
                <TableCell colSpan={COLUMNS.length + 1} className="whitespace-normal">
                  <JobDetail job={job} canManage={canManage} />
                </TableCell>
              </TableRow>
            )}
          </Fragment>
        );
      })}
    </ListTable>
  );
}
