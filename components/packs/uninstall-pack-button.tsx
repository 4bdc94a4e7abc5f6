"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { countOf, type Pack } from "@/components/packs/pack-helpers";
import { useInvalidateAfterPack } from "@/components/packs/use-invalidate-after-pack";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

export type UninstallResult = RouterOutputs["packs"]["uninstall"];

export type UninstallPackButtonProps = {
  pack: Pack;
  onUninstalled: (result: UninstallResult) => void;
};

/**
 * "Uninstall", with its consequences spelled out. The server refuses (409) while users hold the
 * pack's roles and names them; that message stays in the dialog.
 */
export function UninstallPackButton({ pack, onUninstalled }: UninstallPackButtonProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAfterPack();
  const checkboxId = useId();
  const [open, setOpen] = useState(false);
  const [purgeData, setPurgeData] = useState(false);
  const uninstall = useMutation(
    trpc.packs.uninstall.mutationOptions({
      onSuccess: async (result) => {
        setOpen(false);
        onUninstalled(result);
        await invalidate();
      },
    }),
  );
  const { roles, entityTypes, agents, policyCount } = pack.contents;

  return (
    <>
      <Button
        variant="outline"
        onClick={() => {
          uninstall.reset();
          setPurgeData(false);
          setOpen(true);
        }}
      >
        Uninstall
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Uninstall ${pack.name}`}
        description="The pack stops being installed in this organization."
        confirmLabel="Uninstall"
        onConfirm={() => uninstall.mutate({ packId: pack.id, purgeData })}
        pending={uninstall.isPending}
        error={uninstall.error ? errorMessage(uninstall.error) : null}
      >
        <ul aria-label="Consequences" className="list-disc pl-5 text-sm">
          <li>
            Removes the roles it created ({roles.map((role) => role.name).join(", ")}) with their{" "}
            {countOf(policyCount, "policy", "policies")}, scope rules and field masks.
          </li>
          {agents.length > 0 && (
            <li>
              Removes its {countOf(agents.length, "agent")} (
              {agents.map((agent) => agent.name).join(", ")}) with their tool permissions.
            </li>
          )}
          <li>
            {purgeData
              ? `Deletes its ${countOf(entityTypes.length, "entity type")} with every record in them. This cannot be undone.`
              : "Keeps its entity types that hold records, with their records; empty ones are removed."}
          </li>
          <li>What it reused from the organization, or another pack also uses, stays.</li>
          <li>
            Refused while users hold one of its roles, or another agent&apos;s tool runs as one: the
            message names them, so those assignments can be removed first.
          </li>
        </ul>
        <div className="flex items-center gap-2 text-sm">
          <input
            id={checkboxId}
            type="checkbox"
            checked={purgeData}
            disabled={uninstall.isPending}
            onChange={(event) => setPurgeData(event.target.checked)}
          />
          <label htmlFor={checkboxId}>Also delete data</label>
        </div>
      </ConfirmDialog>
    </>
  );
}
