import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { appRouter } from "@/server/routers/_app";
import { requestSession } from "@/server/auth/current-session";
import { getDb } from "@/server/db/client";
import type { TRPCContext } from "@/server/trpc";
import { makeQueryClient } from "@/lib/trpc/query-client";

// Server components prefetch through the router directly (no HTTP round trip) and hand the
// cache to client components with <HydrateClient>.
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  // One context per request, whatever the number of prefetches, with the layout's session.
  ctx: cache(async (): Promise<TRPCContext> => ({
    db: getDb(),
    headers: await headers(),
    session: await requestSession(),
  })),
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the options of any procedure
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T): void {
  void getQueryClient().prefetchQuery(queryOptions);
}
