"use client";

import { useQuery } from "@tanstack/react-query";

import { PageHeader } from "@/components/page-header";
import { PermissionSimulator } from "@/components/roles/permission-simulator";
import { RoleDialog } from "@/components/roles/role-dialog";
import { RolesTable } from "@/components/roles/roles-table";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export type RolesViewProps = { title: string; description: string };

/** The organization's roles, and the simulator that explains what any of them may do. */
export function RolesView({ title, description }: RolesViewProps) {
  const trpc = useTRPC();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const current = useCurrentMember();

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description}>
        {current.canManage && <RoleDialog trigger={<Button>New role</Button>} />}
      </PageHeader>
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      <Card>
        <CardHeader>
          <CardDescription>
            {current.canManage
              ? "Owners and admins bypass policies; roles decide what members and agents may do with business data."
              : "Only owners and admins can create, edit or assign roles."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {roles.isPending ? (
            <TableSkeleton label="Loading roles" />
          ) : roles.error ? (
            <Alert variant="destructive">{errorMessage(roles.error)}</Alert>
          ) : (
            <RolesTable roles={roles.data} canManage={current.canManage} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          {/* A real heading (not only styled text) so the simulator is reachable by heading. */}
          <CardTitle role="heading" aria-level={2}>
            Permission simulator
          </CardTitle>
          <CardDescription>
            Ask whether a member, a role or the public-API agent may act on a resource, and why;
            with a record, see it as they would.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {/* The simulator reveals any member's access, so the server keeps it to managers. */}
          {current.canManage ? (
            <PermissionSimulator />
          ) : (
            <p className="text-sm text-muted-foreground">
              Only owners and admins can run the simulator.
            </p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
