"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { AgentStatusBadge } from "@/components/agents/agent-status-badge";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { cn } from "@/lib/utils";

const backLinkClass =
  "text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:underline";

function tabs(id: string) {
  return [
    { label: "Editor", href: `/agents/${id}`, exact: true },
    { label: "Versions", href: `/agents/${id}/versions`, exact: false },
    { label: "Playground", href: `/agents/${id}/playground`, exact: false },
  ];
}

/**
 * The agent pages' shared header: the page's <h1> (the agent's name), its status and the tabs.
 * The pages below it start their outline at <h2>.
 */
export function AgentHeader({ id }: { id: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const agent = useQuery(trpc.agents.get.queryOptions({ id }));

  return (
    <div className="flex flex-col gap-4">
      <Link href="/agents" className={backLinkClass}>
        ← Back to agents
      </Link>
      {agent.isPending ? (
        <Skeleton className="h-8 w-64" />
      ) : agent.error ? (
        <Alert variant="destructive">{errorMessage(agent.error)}</Alert>
      ) : (
        <div className="flex flex-col gap-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">{agent.data.name}</h1>
            <AgentStatusBadge status={agent.data.status} />
          </div>
          <p className="text-sm text-muted-foreground">
            <code className="font-mono">{agent.data.slug}</code>
            {agent.data.description && ` · ${agent.data.description}`}
          </p>
        </div>
      )}
      <nav aria-label="Agent" className="border-b">
        <ul className="-mb-px flex gap-1">
          {tabs(id).map((tab) => {
            const active = tab.exact
              ? pathname === tab.href
              : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
            return (
              <li key={tab.href}>
                <Link
                  href={tab.href}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "inline-flex h-9 items-center border-b-2 px-3 text-sm font-medium transition-colors outline-none",
                    "focus-visible:ring-2 focus-visible:ring-ring",
                    active
                      ? "border-primary text-foreground"
                      : "border-transparent text-muted-foreground hover:text-foreground",
                  )}
                >
                  {tab.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}
