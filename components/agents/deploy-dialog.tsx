"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { changeSummary, type ConfigDiff } from "@/components/agents/diff-helpers";
import { useInvalidateAgents } from "@/components/agents/use-invalidate-agents";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type DeployDialogProps = {
  agentId: string;
  diff: ConfigDiff;
  disabled: boolean;
  onDeployed: (message: string) => void;
};

/**
 * "Deploy development to production", confirmed in a dialog that lists what changes. Not the
 * shared ConfirmDialog: the list is not a sentence, and deploying is not destructive.
 */
export function DeployDialog({ agentId, diff, disabled, onDeployed }: DeployDialogProps) {
  const trpc = useTRPC();
  const invalidateAgents = useInvalidateAgents();
  const [open, setOpen] = useState(false);
  const deploy = useMutation(
    trpc.agents.deploy.mutationOptions({
      onSuccess: async (created) => {
        setOpen(false);
        onDeployed(
          `Deployed development v${diff.to?.version ?? "?"} to production as v${created.version}.`,
        );
        await invalidateAgents();
      },
    }),
  );
  const changes = changeSummary(diff);

  return (
    <Dialog
      open={open}
      // Closing mid-request would hide the outcome; the dialog stays until the request ends.
      onOpenChange={(next) => {
        if (deploy.isPending && !next) return;
        if (next) deploy.reset();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button disabled={disabled}>Deploy development to production</Button>
      </DialogTrigger>
      <DialogContent showCloseButton={false}>
        <DialogHeader>
          <DialogTitle>Deploy to production</DialogTitle>
          <DialogDescription>
            Production gets a new version copied from development v{diff.to?.version}. Live keys
            (af_live_…) use it from their next message.
          </DialogDescription>
        </DialogHeader>
        <ul aria-label="Changes" className="list-disc pl-5 text-sm">
          {changes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {deploy.error && <Alert variant="destructive">{errorMessage(deploy.error)}</Alert>}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={deploy.isPending}>
              Cancel
            </Button>
          </DialogClose>
          <Button disabled={deploy.isPending} onClick={() => deploy.mutate({ agentId })}>
            {deploy.isPending && <Spinner label="" />}
            Deploy
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
