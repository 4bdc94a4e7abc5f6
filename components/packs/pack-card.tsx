"use client";

import { useId, useState, type ReactNode } from "react";

import { FormattedDate } from "@/components/formatted-date";
import { InstallPackButton } from "@/components/packs/install-pack-button";
import { InstalledAlert } from "@/components/packs/installed-alert";
import { PackDriftAlert } from "@/components/packs/pack-drift-alert";
import { contentLines, countOf, countsSentence, type Pack } from "@/components/packs/pack-helpers";
import { UninstallPackButton } from "@/components/packs/uninstall-pack-button";
import { UpgradePackButton } from "@/components/packs/upgrade-pack-button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export type PackCardProps = { pack: Pack };

const STATUS_LABELS = { installed: null, upgrading: "Upgrading", failed: "Last upgrade failed" };

/** One pack of the catalog: what it holds, whether and which version is installed, its actions. */
export function PackCard({ pack }: PackCardProps) {
  const titleId = useId();
  // The latest action's outcome, shown until the next one.
  const [outcome, setOutcome] = useState<ReactNode>(null);
  const installed = pack.installed;
  const missing = installed?.drift.missing ?? [];
  const status = installed ? STATUS_LABELS[installed.status] : null;
  const lastUpgrade = installed?.upgradeHistory.at(-1);

  return (
    <Card role="region" aria-labelledby={titleId}>
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle role="heading" aria-level={2} id={titleId}>
            {pack.name}
          </CardTitle>
          {installed ? (
            <Badge>Installed v{installed.version}</Badge>
          ) : (
            <Badge variant="outline">v{pack.version}</Badge>
          )}
          {status && <Badge variant="destructive">{status}</Badge>}
          {missing.length > 0 && <Badge variant="secondary">Drift</Badge>}
        </div>
        <CardDescription>{pack.description}</CardDescription>
        <p className="text-xs text-muted-foreground">
          By {pack.author} · {pack.license} · latest v{pack.version}
          {installed && (
            <>
              {" "}
              · installed <FormattedDate value={installed.installedAt} />
            </>
          )}
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <ul aria-label={`What ${pack.name} contains`} className="list-disc pl-5 text-sm">
          {contentLines(pack.contents).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {lastUpgrade?.status === "failed" && (
          <Alert variant="destructive">
            The upgrade from {lastUpgrade.from} to {lastUpgrade.to} failed and was undone
            {lastUpgrade.error ? `: ${lastUpgrade.error}` : "."}
          </Alert>
        )}
        {installed && missing.length > 0 && (
          <PackDriftAlert
            pack={pack}
            missing={missing}
            onRepaired={(message) => setOutcome(<Alert>{message}</Alert>)}
          />
        )}
        {outcome}
        <div className="flex flex-wrap gap-2">
          {installed ? (
            <>
              {installed.upgradeAvailable && (
                <UpgradePackButton
                  pack={pack}
                  target={installed.upgradeAvailable}
                  onUpgraded={(result) =>
                    setOutcome(
                      <Alert>
                        Upgraded {pack.name} from {result.from} to {result.to}
                        {result.steps.length > 0 && ` in ${countOf(result.steps.length, "step")}`};
                        created {countsSentence(result.created)}.
                      </Alert>,
                    )
                  }
                />
              )}
              <UninstallPackButton
                pack={pack}
                onUninstalled={(result) =>
                  setOutcome(
                    <Alert>
                      Uninstalled {pack.name}: removed {countsSentence(result.removed)}.
                      {result.keptEntityTypes.length > 0 &&
                        ` Kept the entity types that hold records: ${result.keptEntityTypes.join(", ")}.`}
                    </Alert>,
                  )
                }
              />
            </>
          ) : (
            <InstallPackButton
              pack={pack}
              onInstalled={(result) =>
                setOutcome(<InstalledAlert packName={pack.name} result={result} />)
              }
            />
          )}
        </div>
      </CardContent>
    </Card>
  );
}
