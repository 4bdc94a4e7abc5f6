import type { Metadata } from "next";

import { nextCursor } from "@/components/agents/agent-helpers";
import { jobsListInput, NO_FILTERS, OUTCOME_DAYS } from "@/components/jobs/job-helpers";
import { JobsView } from "@/components/jobs/jobs-view";
import { getNavItem } from "@/components/nav/nav-items";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/jobs");

export const metadata: Metadata = { title: section.title };

export default async function JobsPage() {
  await requireAccount();
  // The first unfiltered page, under the key the client's infinite query uses.
  void getQueryClient().prefetchInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(jobsListInput(NO_FILTERS), {
      getNextPageParam: nextCursor,
    }),
  );
  prefetch(trpc.jobs.getStats.queryOptions());
  prefetch(trpc.jobs.getOutcomes.queryOptions({ days: OUTCOME_DAYS }));
  prefetch(trpc.jobs.types.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <JobsView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
