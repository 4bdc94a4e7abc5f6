"use client";

import { useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/lib/trpc/client";

/**
 * Every role mutation refreshes every roles query: the list shows policy counts, the detail
 * shows policies and assignments, and a cached simulation may no longer hold.
 */
export function useInvalidateRoles(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.roles.pathKey() });
}
