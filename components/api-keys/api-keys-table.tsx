"use client";

import { useState } from "react";

import { ApiKeyRow } from "@/components/api-keys/api-key-row";
import type { ApiKey } from "@/components/api-keys/api-key-helpers";
import { ListTable } from "@/components/list-table";

export type ApiKeysTableProps = { apiKeys: ApiKey[]; canManage: boolean };

export function ApiKeysTable({ apiKeys, canManage }: ApiKeysTableProps) {
  // Read once per mount: expiry is judged at page granularity, and a clock read during
  // render would make the output impure.
  const [now] = useState(() => Date.now());
  return (
    <ListTable
      caption="API keys"
      emptyMessage={<>No API keys yet.{canManage && " Create one to call the public API."}</>}
      rowCount={apiKeys.length}
      columns={[
        "Name",
        "Key",
        "Environment",
        "Permissions",
        "Created",
        "Last used",
        "Expires",
        "Status",
      ]}
      actions={canManage}
    >
      {apiKeys.map((apiKey) => (
        <ApiKeyRow key={apiKey.id} apiKey={apiKey} now={now} canManage={canManage} />
      ))}
    </ListTable>
  );
}
