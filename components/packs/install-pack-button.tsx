"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { contentLines, type Pack } from "@/components/packs/pack-helpers";
import { useInvalidateAfterPack } from "@/components/packs/use-invalidate-after-pack";
import { Button, type ButtonSize } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

export type InstallResult = RouterOutputs["packs"]["install"];

export type InstallPackButtonProps = {
  pack: Pack;
  size?: ButtonSize;
  onInstalled: (result: InstallResult) => void;
};

/** "Install", confirmed in a dialog listing what will be created, with the sample-data option. */
export function InstallPackButton({ pack, size = "default", onInstalled }: InstallPackButtonProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAfterPack();
  const checkboxId = useId();
  const [open, setOpen] = useState(false);
  const [withSampleData, setWithSampleData] = useState(false);
  const install = useMutation(
    trpc.packs.install.mutationOptions({
      onSuccess: async (result) => {
        setOpen(false);
        onInstalled(result);
        await invalidate();
      },
    }),
  );

  return (
    <>
      <Button
        size={size}
        disabled={install.isPending}
        onClick={() => {
          install.reset();
          setOpen(true);
        }}
      >
        {install.isPending && <Spinner label="" />}
        {install.isPending ? "Installing…" : "Install"}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Install ${pack.name}`}
        description={`Version ${pack.version} creates the following in this organization; anything already here with the same slug or name is reused, never duplicated.`}
        confirmLabel={install.isPending ? "Installing…" : "Install"}
        confirmVariant="default"
        onConfirm={() => install.mutate({ packId: pack.id, withSampleData })}
        pending={install.isPending}
        error={install.error ? errorMessage(install.error) : null}
      >
        <ul aria-label="Will be created" className="list-disc pl-5 text-sm">
          {contentLines(pack.contents).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="flex items-start gap-2 text-sm">
          <input
            id={checkboxId}
            type="checkbox"
            className="mt-0.5"
            aria-describedby={`${checkboxId}-hint`}
            checked={withSampleData}
            disabled={install.isPending}
            onChange={(event) => setWithSampleData(event.target.checked)}
          />
          <div>
            <label htmlFor={checkboxId}>With sample data</label>
            <p id={`${checkboxId}-hint`} className="text-muted-foreground">
              A few linked example records, to try the agents and policies at once.
            </p>
          </div>
        </div>
        {install.isPending && (
          <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
            <Spinner label="" />
            Installing {pack.name}…
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
