"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { countOf, type Pack, type UpgradeStep } from "@/components/packs/pack-helpers";
import { useInvalidateAfterPack } from "@/components/packs/use-invalidate-after-pack";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

export type UpgradeResult = RouterOutputs["packs"]["upgrade"];

export type UpgradePackButtonProps = {
  pack: Pack;
  /** The newer version on offer. */
  target: string;
  onUpgraded: (result: UpgradeResult) => void;
};

/** "Upgrade to x.y.z": a preview of the migration steps and the records each rewrites, then go. */
export function UpgradePackButton({ pack, target, onUpgraded }: UpgradePackButtonProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAfterPack();
  const [open, setOpen] = useState(false);
  // Asked each time the dialog opens: the record counts change as data does.
  const preview = useQuery({
    ...trpc.packs.previewUpgrade.queryOptions({ packId: pack.id }),
    enabled: open,
    staleTime: 0,
  });
  const upgrade = useMutation(
    trpc.packs.upgrade.mutationOptions({
      onSuccess: async (result) => {
        setOpen(false);
        onUpgraded(result);
        await invalidate();
      },
    }),
  );

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          upgrade.reset();
          setOpen(true);
        }}
      >
        Upgrade to {target}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Upgrade ${pack.name}`}
        description={`From ${pack.installed?.version ?? "?"} to ${target}, in one transaction: if a step fails, nothing of the upgrade is kept.`}
        confirmLabel={`Upgrade to ${target}`}
        confirmVariant="default"
        onConfirm={() => upgrade.mutate({ packId: pack.id })}
        pending={upgrade.isPending || preview.isPending}
        error={upgrade.error ? errorMessage(upgrade.error) : null}
      >
        {preview.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <Spinner label="" />
            Preparing the preview…
          </p>
        ) : preview.error ? (
          <Alert variant="destructive">{errorMessage(preview.error)}</Alert>
        ) : preview.data === null ? (
          <p className="text-sm text-muted-foreground">The installed version is the latest.</p>
        ) : (
          <UpgradeSteps steps={preview.data.steps} />
        )}
      </ConfirmDialog>
    </>
  );
}

export function UpgradeSteps({ steps }: { steps: UpgradeStep[] }) {
  if (steps.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        No record changes: only the pack&apos;s definition (roles, policies) is brought up to date.
      </p>
    );
  return (
    <ol aria-label="Upgrade steps" className="list-decimal pl-5 text-sm">
      {steps.map((step, index) => (
        <li key={index}>
          {step.description}{" "}
          <span className="text-muted-foreground">
            ({countOf(step.affectedRecords, "record")} affected)
          </span>
        </li>
      ))}
    </ol>
  );
}
