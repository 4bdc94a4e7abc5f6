"use client";

import { useState } from "react";

import { ApiKeyRow } from "@/components/api-keys/api-key-row";
import type { ApiKey } from "@/components/api-keys/api-key-helpers";
import {
  Table,
  TableBody,
  TableCaption,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

export type ApiKeysTableProps = { apiKeys: ApiKey[]; canManage: boolean };

export function ApiKeysTable({ apiKeys, canManage }: ApiKeysTableProps) {
  // Read once per mount: expiry is judged at page granularity, and a clock read during
  // render would make the output impure.
  const [now] = useState(() => Date.now());
  if (apiKeys.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No API keys yet.{canManage && " Create one to call the public API."}
      </p>
    );
  }
  return (
    <Table>
      <TableCaption className="sr-only">API keys</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Environment</TableHead>
          <TableHead>Permissions</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Status</TableHead>
          {canManage && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {apiKeys.map((apiKey) => (
          <ApiKeyRow key={apiKey.id} apiKey={apiKey} now={now} canManage={canManage} />
        ))}
      </TableBody>
    </Table>
  );
}
