"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { useInvalidateAgents } from "@/components/agents/use-invalidate-agents";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type RollbackButtonProps = {
  agentId: string;
  config: { id: string; version: number };
  onRolledBack: (message: string) => void;
};

/** Re-deploys an earlier production config as a new production version, after confirmation. */
export function RollbackButton({ agentId, config, onRolledBack }: RollbackButtonProps) {
  const trpc = useTRPC();
  const invalidateAgents = useInvalidateAgents();
  const [open, setOpen] = useState(false);
  const rollback = useMutation(
    trpc.agents.rollback.mutationOptions({
      onSuccess: async (created) => {
        setOpen(false);
        onRolledBack(
          `Rolled back: production v${created.version} is a copy of v${config.version}.`,
        );
        await invalidateAgents();
      },
    }),
  );
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        aria-label={`Roll back to production v${config.version}`}
        onClick={() => {
          rollback.reset();
          setOpen(true);
        }}
      >
        Roll back
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Roll back production"
        description={`Production gets a new version copied from production v${config.version}; live keys use it from their next message. Development does not change.`}
        confirmLabel="Roll back"
        onConfirm={() => rollback.mutate({ agentId, configId: config.id })}
        pending={rollback.isPending}
        error={rollback.error ? errorMessage(rollback.error) : null}
      />
    </>
  );
}
