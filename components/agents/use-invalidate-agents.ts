"use client";

import { useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/lib/trpc/client";

/**
 * Every agent mutation refreshes every agents query: the list shows the deployed versions, the
 * header the status, the Versions page the history and the diff.
 */
export function useInvalidateAgents(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
}
