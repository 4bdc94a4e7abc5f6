"use client";

import { useQueryClient } from "@tanstack/react-query";

/**
 * A pack action changes nearly every area at once (entity types, roles and policies, agents,
 * records, events, the packs list itself), so every cached query is refreshed.
 */
export function useInvalidateAfterPack(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}
