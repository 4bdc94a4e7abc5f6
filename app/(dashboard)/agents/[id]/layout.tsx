import type { ReactNode } from "react";

import { AgentHeader } from "@/components/agents/agent-header";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

// The header and tabs shared by an agent's Editor, Versions and Playground pages.

type Props = { children: ReactNode; params: Promise<{ id: string }> };

export default async function AgentLayout({ children, params }: Props) {
  await requireAccount();
  const { id } = await params;
  prefetch(trpc.agents.get.queryOptions({ id }));
  return (
    <div className="flex flex-col gap-6">
      <HydrateClient>
        <AgentHeader id={id} />
      </HydrateClient>
      {children}
    </div>
  );
}
