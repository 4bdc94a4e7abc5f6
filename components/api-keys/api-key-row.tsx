"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import {
  apiKeyStatus,
  describePermissions,
  type ApiKey,
  type ApiKeyStatus,
} from "@/components/api-keys/api-key-helpers";
import { useInvalidateApiKeys } from "@/components/api-keys/use-invalidate-api-keys";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormattedDate } from "@/components/formatted-date";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Spinner } from "@/components/ui/spinner";
import { TableCell, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

const STATUS_VARIANT: Record<ApiKeyStatus, BadgeVariant> = {
  active: "secondary",
  revoked: "destructive",
  expired: "outline",
};

export type ApiKeyRowProps = {
  apiKey: ApiKey;
  /** Render time, passed down so every row judges expiry against the same clock. */
  now: number;
  canManage: boolean;
};

export function ApiKeyRow({ apiKey, now, canManage }: ApiKeyRowProps) {
  const trpc = useTRPC();
  const invalidateApiKeys = useInvalidateApiKeys();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await invalidateApiKeys();
      },
    }),
  );
  const remove = useMutation(trpc.apiKeys.remove.mutationOptions({ onSuccess: invalidateApiKeys }));
  const status = apiKeyStatus(apiKey, now);

  return (
    <TableRow>
      <TableCell className="font-medium">{apiKey.name}</TableCell>
      <TableCell>
        <code className="font-mono text-xs whitespace-nowrap">{apiKey.keyPrefix}…</code>
      </TableCell>
      <TableCell>
        <Badge variant={apiKey.environment === "production" ? "default" : "outline"}>
          {apiKey.environment}
        </Badge>
      </TableCell>
      <TableCell className="max-w-48 truncate" title={apiKey.permissions.join(", ")}>
        {describePermissions(apiKey.permissions)}
      </TableCell>
      <TableCell>
        <FormattedDate value={apiKey.createdAt} />
      </TableCell>
      <TableCell>
        <FormattedDate value={apiKey.lastUsedAt} withTime />
      </TableCell>
      <TableCell>
        <FormattedDate value={apiKey.expiresAt} />
      </TableCell>
      <TableCell>
        <Badge variant={STATUS_VARIANT[status]}>{status}</Badge>
      </TableCell>
      {canManage && (
        <TableCell className="text-right">
          {status === "active" ? (
            <>
              <Button
                variant="outline"
                size="sm"
                onClick={() => {
                  revoke.reset();
                  setConfirming(true);
                }}
              >
                Revoke
              </Button>
              <ConfirmDialog
                open={confirming}
                onOpenChange={setConfirming}
                title="Revoke API key"
                description={`Revoke key ${apiKey.name}? Requests using it are rejected at once; this cannot be undone.`}
                confirmLabel="Revoke"
                onConfirm={() => revoke.mutate({ id: apiKey.id })}
                pending={revoke.isPending}
                error={revoke.error ? errorMessage(revoke.error) : null}
              />
            </>
          ) : (
            // A revoked or expired key can no longer be used, so removing it needs no
            // confirmation: it only tidies the list.
            <div className="flex flex-col items-end gap-1">
              <Button
                variant="outline"
                size="sm"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ id: apiKey.id })}
              >
                {remove.isPending && <Spinner label="" />}
                Remove
              </Button>
              <FieldError role="alert" message={remove.error ? errorMessage(remove.error) : null} />
            </div>
          )}
        </TableCell>
      )}
    </TableRow>
  );
}
