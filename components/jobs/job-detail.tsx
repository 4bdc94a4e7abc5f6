import Link from "next/link";

import { actorTypeLabel } from "@/components/events/event-queries";
import { FormattedDate } from "@/components/formatted-date";
import { canCancel, canRetry, type Job } from "@/components/jobs/job-helpers";
import { JobActionButton } from "@/components/jobs/job-action-button";

export type JobDetailProps = { job: Job; canManage: boolean };

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs text-muted-foreground">{label}</span>
      <pre className="max-h-64 overflow-auto rounded bg-muted p-3 font-mono text-xs whitespace-pre-wrap">
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** Everything about one job: what it was given and returned, its error, its times, its record. */
export function JobDetail({ job, canManage }: JobDetailProps) {
  const times: [string, Date | null][] = [
    ["Created", job.createdAt],
    ["Scheduled for", job.scheduledFor],
    ["Started", job.startedAt],
    ["Finished", job.completedAt],
    ["Updated", job.updatedAt],
  ];
  return (
    <div className="flex flex-col gap-4 py-2">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="text-muted-foreground">Job id</dt>
        <dd className="font-mono break-all">{job.id}</dd>
        {times.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted-foreground">{label}</dt>
            <dd>
              <FormattedDate value={value} withTime fallback="—" />
            </dd>
          </div>
        ))}
        {job.enqueuedBy && (
          <>
            <dt className="text-muted-foreground">Enqueued by</dt>
            <dd className="break-all">
              {actorTypeLabel(job.enqueuedBy.actorType as Parameters<typeof actorTypeLabel>[0])}
              {job.enqueuedBy.actorId && (
                <span className="ml-1 font-mono">{job.enqueuedBy.actorId}</span>
              )}
            </dd>
          </>
        )}
        {job.entityId && (
          <>
            <dt className="text-muted-foreground">Entity</dt>
            <dd>
              {job.entityTypeSlug ? (
                <Link
                  href={`/data/${job.entityTypeSlug}`}
                  className="font-mono break-all underline-offset-4 hover:underline"
                >
                  {job.entityTypeSlug}/{job.entityId}
                </Link>
              ) : (
                <span className="font-mono break-all">{job.entityId}</span>
              )}
            </dd>
          </>
        )}
      </dl>
      {job.errorMessage && (
        <div className="flex flex-col gap-1">
          <span className="text-xs text-muted-foreground">Error</span>
          <p className="rounded border border-destructive/40 p-3 font-mono text-xs break-all whitespace-pre-wrap text-destructive">
            {job.errorMessage}
          </p>
        </div>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        <Json label="Payload" value={job.payload} />
        {job.result !== null && <Json label="Result" value={job.result} />}
      </div>
      {(canRetry(job.status) || canCancel(job.status)) && (
        <div className="flex flex-wrap gap-2">
          {canRetry(job.status) && (
            <JobActionButton job={job} action="retry" canManage={canManage} />
          )}
          {canCancel(job.status) && (
            <JobActionButton job={job} action="cancel" canManage={canManage} />
          )}
        </div>
      )}
    </div>
  );
}
