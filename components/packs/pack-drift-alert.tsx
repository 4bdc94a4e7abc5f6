"use client";

import { useMutation } from "@tanstack/react-query";

import { countOf, itemLabel, type Pack, type PackItem } from "@/components/packs/pack-helpers";
import { useInvalidateAfterPack } from "@/components/packs/use-invalidate-after-pack";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type PackDriftAlertProps = {
  pack: Pack;
  missing: PackItem[];
  onRepaired: (message: string) => void;
};

/** The items of an installed pack deleted since, by name, and the Repair that restores them. */
export function PackDriftAlert({ pack, missing, onRepaired }: PackDriftAlertProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAfterPack();
  const repair = useMutation(
    trpc.packs.repair.mutationOptions({
      onSuccess: async (result) => {
        onRepaired(
          result.restored.length === 0
            ? "Nothing was missing."
            : `Restored ${result.restored.map(itemLabel).join(", ")}.`,
        );
        await invalidate();
      },
    }),
  );

  return (
    <Alert variant="warning" role="region" aria-label={`${pack.name} drift`}>
      <AlertTitle>{countOf(missing.length, "item")} of the pack are missing</AlertTitle>
      <ul aria-label="Missing items" className="list-disc pl-5">
        {missing.map((item) => (
          <li key={`${item.kind}:${item.name}:${item.detail ?? ""}`}>{itemLabel(item)}</li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          disabled={repair.isPending}
          onClick={() => repair.mutate({ packId: pack.id })}
        >
          {repair.isPending && <Spinner label="" />}
          {repair.isPending ? "Repairing…" : "Repair"}
        </Button>
        <span className="text-muted-foreground">
          Repair recreates what is missing; nothing else is changed.
        </span>
      </div>
      {repair.error && <Alert variant="destructive">{errorMessage(repair.error)}</Alert>}
    </Alert>
  );
}
