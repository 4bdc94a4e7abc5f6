"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export function LeaveOrganizationButton({ organizationName }: { organizationName: string }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation(
    trpc.memberships.leave.mutationOptions({
      // A full page load, not router.push: every cached query belongs to the organization
      // just left, and the server must resolve the session afresh.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above
      onSuccess: () => window.location.assign("/"),
    }),
  );
  return (
    <>
      <Button
        variant="outline"
        onClick={() => {
          leave.reset();
          setConfirming(true);
        }}
      >
        Leave organization
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Leave organization"
        description={`Leave ${organizationName}? You lose access until someone invites you again.`}
        confirmLabel="Leave"
        onConfirm={() => leave.mutate()}
        pending={leave.isPending || leave.isSuccess}
        error={leave.error ? errorMessage(leave.error) : null}
      />
    </>
  );
}
