"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useInvalidateAgents } from "@/components/agents/use-invalidate-agents";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

/** Soft-deletes the agent after confirmation, then goes back to the list. */
export function DeleteAgentButton({ agent }: { agent: { id: string; name: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const invalidateAgents = useInvalidateAgents();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.agents.remove.mutationOptions({
      onSuccess: async () => {
        router.push("/agents");
        await invalidateAgents();
      },
    }),
  );
  return (
    <>
      <Button
        variant="destructive"
        onClick={() => {
          remove.reset();
          setOpen(true);
        }}
      >
        Delete agent
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete agent"
        description={`Delete ${agent.name}? It stops answering chats at once and its slug becomes free; its configs and threads are kept, read-only.`}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate({ id: agent.id })}
        pending={remove.isPending || remove.isSuccess}
        error={remove.error ? errorMessage(remove.error) : null}
      />
    </>
  );
}
