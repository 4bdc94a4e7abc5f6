import type { Metadata } from "next";

import { ApiKeysView } from "@/components/api-keys/api-keys-view";
import { getNavItem } from "@/components/nav/nav-items";
import { AGENT_OPTIONS_LIMIT } from "@/components/threads/thread-helpers";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/api-keys");

export const metadata: Metadata = { title: section.title };

export default async function ApiKeysPage() {
  await requireAccount();
  prefetch(trpc.apiKeys.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  // The agents the code samples can point at.
  prefetch(trpc.agents.list.queryOptions({ limit: AGENT_OPTIONS_LIMIT }));
  return (
    <HydrateClient>
      <ApiKeysView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
