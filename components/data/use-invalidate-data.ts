"use client";

import { useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/lib/trpc/client";

/** Changing a type refreshes every type query (the list and each type's page). */
export function useInvalidateEntityTypes(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.entityTypes.pathKey() });
}

/**
 * Changing a record refreshes lists, searches, details and relations, and the timelines: every
 * mutation writes an event.
 */
export function useInvalidateEntities(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.entities.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.events.pathKey() }),
    ]);
  };
}
