"use client";

import { useQuery } from "@tanstack/react-query";

import { ApiSnippets } from "@/components/api-keys/api-snippets-card";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table";
import { CreateApiKeyDialog } from "@/components/api-keys/create-api-key-dialog";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type ApiKeysViewProps = { title: string; description: string };

/** The organization's API keys; owners and admins create, revoke and remove them. */
export function ApiKeysView({ title, description }: ApiKeysViewProps) {
  const trpc = useTRPC();
  const apiKeys = useQuery(trpc.apiKeys.list.queryOptions());
  const current = useCurrentMember();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description}>
        {current.canManage && <CreateApiKeyDialog />}
      </PageHeader>
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Keys
          </CardTitle>
          <CardDescription>
            {current.canManage
              ? "The full key is shown once, when it is created; only its prefix is kept."
              : "Only owners and admins can create or revoke keys."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {apiKeys.isPending ? (
            <TableSkeleton label="Loading API keys" />
          ) : apiKeys.error ? (
            <Alert variant="destructive">{errorMessage(apiKeys.error)}</Alert>
          ) : (
            <ApiKeysTable apiKeys={apiKeys.data} canManage={current.canManage} />
          )}
        </CardContent>
      </Card>
      <Card role="region" aria-label="Call the API">
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Call the API
          </CardTitle>
          <CardDescription>
            With a key, from a terminal or from a React app with the AI SDK&apos;s useChat.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ApiSnippets />
        </CardContent>
      </Card>
    </div>
  );
}
