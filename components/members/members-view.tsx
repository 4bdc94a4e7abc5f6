"use client";

import { useQuery } from "@tanstack/react-query";

import { InviteMemberDialog } from "@/components/members/invite-member-dialog";
import { LeaveOrganizationButton } from "@/components/members/leave-organization-button";
import { MembersTable } from "@/components/members/members-table";
import { PageHeader } from "@/components/page-header";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type MembersViewProps = { title: string; description: string };

/** The members of the active organization; owners and admins also manage them here. */
export function MembersView({ title, description }: MembersViewProps) {
  const trpc = useTRPC();
  const members = useQuery(trpc.memberships.list.queryOptions());
  const current = useCurrentMember();
  const organizationName = current.organization?.name ?? "this organization";

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description}>
        {current.organization && <LeaveOrganizationButton organizationName={organizationName} />}
        {current.canManage && current.role && <InviteMemberDialog actorRole={current.role} />}
      </PageHeader>
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            People in {organizationName}
          </CardTitle>
          <CardDescription>
            {current.canManage
              ? "Owners and admins manage members; only an owner can add, change or remove owners."
              : "Only owners and admins can invite members or change roles."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {members.isPending ? (
            <TableSkeleton label="Loading members" />
          ) : members.error ? (
            <Alert variant="destructive">{errorMessage(members.error)}</Alert>
          ) : (
            <MembersTable
              members={members.data}
              currentUserId={current.me?.id}
              actorRole={current.role}
              organizationName={organizationName}
            />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
