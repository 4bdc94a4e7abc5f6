import type { Metadata } from "next";

import { AgentEditorView } from "@/components/agents/agent-editor-view";
import { getNavItem } from "@/components/nav/nav-items";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/agents");

// The section's title, not the agent's name: naming the tab is not worth a database read.
export const metadata: Metadata = { title: section.title };

type Params = { params: Promise<{ id: string }> };

export default async function AgentEditorPage({ params }: Params) {
  await requireAccount();
  const { id } = await params;
  prefetch(trpc.agents.getWithConfig.queryOptions({ id }));
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <AgentEditorView id={id} />
    </HydrateClient>
  );
}
