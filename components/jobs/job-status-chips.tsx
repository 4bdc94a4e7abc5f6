import {
  JOB_STATUSES,
  STATUS_LABELS,
  type JobStats,
  type JobStatus,
} from "@/components/jobs/job-helpers";
import { Button } from "@/components/ui/button";

export type JobStatusChipsProps = {
  stats: JobStats | undefined;
  value: JobStatus | "";
  onChange: (status: JobStatus | "") => void;
};

/** "All" and one toggle per status with its count; the pressed one filters the list. */
export function JobStatusChips({ stats, value, onChange }: JobStatusChipsProps) {
  const chips: { status: JobStatus | ""; label: string; count: number | undefined }[] = [
    { status: "", label: "All", count: stats?.total },
    ...JOB_STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      count: stats?.byStatus[status],
    })),
  ];
  return (
    <div role="group" aria-label="Status" className="flex flex-wrap gap-2">
      {chips.map((chip) => (
        <Button
          key={chip.status || "all"}
          variant={value === chip.status ? "default" : "outline"}
          size="sm"
          aria-pressed={value === chip.status}
          onClick={() => onChange(chip.status)}
        >
          {chip.label}
          <span className="tabular-nums opacity-70">{chip.count ?? "…"}</span>
        </Button>
      ))}
    </div>
  );
}
