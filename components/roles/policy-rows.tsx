"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { EditPolicyDialog } from "@/components/roles/edit-policy-dialog";
import { PolicyRules } from "@/components/roles/policy-rules";
import { policyLabel, type Policy } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TableCell, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type PolicyRowsProps = { policy: Policy; canManage: boolean; columns: number };

/** A policy's summary row, and below it a full-width row with its rules and masks. */
export function PolicyRows({ policy, canManage, columns }: PolicyRowsProps) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.roles.removePolicy.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await invalidateRoles();
      },
    }),
  );
  const label = policyLabel(policy);

  return (
    <>
      <TableRow className="border-b-0">
        <TableCell>
          <code className="font-mono text-xs">{policy.resource}</code>
        </TableCell>
        <TableCell>
          <code className="font-mono text-xs">{policy.action}</code>
        </TableCell>
        <TableCell>
          <Badge variant={policy.effect === "allow" ? "secondary" : "destructive"}>
            {policy.effect}
          </Badge>
        </TableCell>
        <TableCell>{policy.priority}</TableCell>
        {canManage && (
          <TableCell className="text-right">
            <span className="inline-flex gap-2">
              <EditPolicyDialog policy={policy} />
              <Button
                variant="outline"
                size="sm"
                aria-label={`Remove policy ${label}`}
                onClick={() => {
                  remove.reset();
                  setConfirming(true);
                }}
              >
                Remove
              </Button>
            </span>
            <ConfirmDialog
              open={confirming}
              onOpenChange={setConfirming}
              title="Remove policy"
              description={`Remove the policy ${label}, with its scope rules and field masks?`}
              confirmLabel="Remove"
              onConfirm={() => remove.mutate({ id: policy.id })}
              pending={remove.isPending}
              error={remove.error ? errorMessage(remove.error) : null}
            />
          </TableCell>
        )}
      </TableRow>
      <TableRow className="hover:bg-transparent">
        <TableCell colSpan={columns} className="pt-0 pb-4">
          {/* A named region, so each policy's rule and mask forms can be found by policy. */}
          <section aria-label={`Policy ${label}`} className="rounded-md border bg-muted/30 p-4">
            <PolicyRules policy={policy} canManage={canManage} />
          </section>
        </TableCell>
      </TableRow>
    </>
  );
}
