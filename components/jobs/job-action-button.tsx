"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { MEMBER_EXPLANATION, type Job } from "@/components/jobs/job-helpers";
import { useInvalidateJobs } from "@/components/jobs/use-invalidate-jobs";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type JobAction = "retry" | "cancel";

const COPY: Record<JobAction, { label: string; title: string; describe: (job: Job) => string }> = {
  retry: {
    label: "Retry",
    title: "Retry job",
    describe: (job) =>
      `The ${job.jobType} job runs again from its first attempt, as soon as a runner is free.`,
  },
  cancel: {
    label: "Cancel job",
    title: "Cancel job",
    describe: (job) =>
      `The ${job.jobType} job stops and goes dead; an attempt already running finishes first. ` +
      "It can be retried later.",
  },
};

export type JobActionButtonProps = { job: Job; action: JobAction; canManage: boolean };

/**
 * Retry or Cancel behind a confirmation. Members see the button disabled, with the reason as
 * its description (the server refuses them anyway).
 */
export function JobActionButton({ job, action, canManage }: JobActionButtonProps) {
  const trpc = useTRPC();
  const invalidateJobs = useInvalidateJobs();
  const [open, setOpen] = useState(false);
  const options = {
    onSuccess: async () => {
      setOpen(false);
      await invalidateJobs();
    },
  };
  const retry = useMutation(trpc.jobs.retry.mutationOptions(options));
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions(options));
  const mutation = action === "retry" ? retry : cancel;
  const copy = COPY[action];
  const reasonId = `job-${job.id}-${action}-reason`;

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        disabled={!canManage}
        title={canManage ? undefined : MEMBER_EXPLANATION}
        aria-describedby={canManage ? undefined : reasonId}
        onClick={() => {
          mutation.reset();
          setOpen(true);
        }}
      >
        {copy.label}
      </Button>
      {!canManage && (
        <span id={reasonId} className="sr-only">
          {MEMBER_EXPLANATION}
        </span>
      )}
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={copy.title}
        description={copy.describe(job)}
        confirmLabel={copy.label}
        confirmVariant={action === "retry" ? "default" : "destructive"}
        onConfirm={() => mutation.mutate({ id: job.id })}
        pending={mutation.isPending}
        error={mutation.error ? errorMessage(mutation.error) : null}
      />
    </>
  );
}
