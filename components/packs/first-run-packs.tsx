"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";

import { InstallPackButton, type InstallResult } from "@/components/packs/install-pack-button";
import { InstalledAlert } from "@/components/packs/installed-alert";
import { countOf, type Pack } from "@/components/packs/pack-helpers";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";

export type FirstRunPacksProps = {
  /** What the page shows once the organization has data (or while that is unknown). */
  children: ReactNode;
  /** Shown above the catalog when the children (which hold the page's heading) are not. */
  heading?: ReactNode;
};

/**
 * An organization without entity types sees the pack catalog instead of a blank page; once it
 * has any, the page's own content. The install's outcome stays shown across that switch.
 */
export function FirstRunPacks({ children, heading }: FirstRunPacksProps) {
  const trpc = useTRPC();
  const current = useCurrentMember();
  const entityTypes = useQuery(trpc.entityTypes.list.queryOptions());
  // Only owners and admins may see and install packs; members keep the page's own empty state.
  const packs = useQuery({ ...trpc.packs.list.queryOptions(), enabled: current.canManage });
  const [installed, setInstalled] = useState<{ name: string; result: InstallResult } | null>(null);
  const empty =
    current.canManage && entityTypes.data?.length === 0 && (packs.data?.length ?? 0) > 0;

  return (
    <>
      {empty && packs.data ? (
        <>
          {heading}
          {installed && <InstalledAlert packName={installed.name} result={installed.result} />}
          <PackCatalogCard
            packs={packs.data}
            onInstalled={(pack, result) => setInstalled({ name: pack.name, result })}
          />
        </>
      ) : (
        <>
          {children}
          {installed && <InstalledAlert packName={installed.name} result={installed.result} />}
        </>
      )}
    </>
  );
}

type PackCatalogCardProps = {
  packs: Pack[];
  onInstalled: (pack: Pack, result: InstallResult) => void;
};

function PackCatalogCard({ packs, onInstalled }: PackCatalogCardProps) {
  return (
    <Card role="region" aria-label="Start with a pack">
      <CardHeader>
        <CardTitle role="heading" aria-level={2}>
          Start with a pack
        </CardTitle>
        <CardDescription>
          This organization has no data yet. A pack sets up entity types, roles with their policies
          and a starter agent in one step.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <ul className="flex flex-col divide-y rounded-md border">
          {packs.map((pack) => (
            <li
              key={pack.id}
              aria-label={pack.name}
              className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="flex min-w-0 flex-col gap-1">
                <div className="flex items-center gap-2">
                  <span className="font-medium">{pack.name}</span>
                  <Badge variant="outline">v{pack.version}</Badge>
                  {pack.installed && <Badge>Installed</Badge>}
                </div>
                <p className="text-sm text-muted-foreground">{pack.description}</p>
                <p className="text-xs text-muted-foreground">{shortContents(pack)}</p>
              </div>
              {!pack.installed && (
                <InstallPackButton
                  pack={pack}
                  size="sm"
                  onInstalled={(result) => onInstalled(pack, result)}
                />
              )}
            </li>
          ))}
        </ul>
        <Link
          href="/packs"
          className={buttonVariants({ variant: "outline", className: "self-start" })}
        >
          Browse packs
        </Link>
      </CardContent>
    </Card>
  );
}

function shortContents(pack: Pack): string {
  const { entityTypes, roles, agents } = pack.contents;
  return [
    countOf(entityTypes.length, "entity type"),
    countOf(roles.length, "role"),
    countOf(agents.length, "agent"),
  ].join(" · ");
}
