import Link from "next/link";

import type { InstallResult } from "@/components/packs/install-pack-button";
import { countsSentence } from "@/components/packs/pack-helpers";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";

export type InstalledAlertProps = { packName: string; result: InstallResult };

/** What an install created and reused, and where to go next (the data and the agents). */
export function InstalledAlert({ packName, result }: InstalledAlertProps) {
  const reused = countsSentence(result.reused);
  return (
    <Alert>
      <AlertTitle>
        {packName} {result.installedVersion} is installed
      </AlertTitle>
      <AlertDescription>
        Created {countsSentence(result.created)}.
        {reused !== "nothing" && ` Reused ${reused} already in the organization.`}
      </AlertDescription>
      <div className="mt-2 flex flex-wrap gap-2">
        <Link href="/data" className={buttonVariants({ variant: "outline", size: "sm" })}>
          Open the data
        </Link>
        <Link href="/agents" className={buttonVariants({ variant: "outline", size: "sm" })}>
          Open the agents
        </Link>
      </div>
    </Alert>
  );
}
