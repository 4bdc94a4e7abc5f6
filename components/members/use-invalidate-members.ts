"use client";

import { useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/lib/trpc/client";

/** Every member mutation refreshes both member lists (memberships.list and users.list). */
export function useInvalidateMembers(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.memberships.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    ]);
  };
}
