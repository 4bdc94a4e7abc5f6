"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";

import { PageHeader } from "@/components/page-header";
import { AddPolicyForm } from "@/components/roles/add-policy-form";
import { AssignmentsSection } from "@/components/roles/assignments-section";
import { DeleteRoleButton } from "@/components/roles/delete-role-button";
import { PoliciesTable } from "@/components/roles/policies-table";
import { RoleDialog } from "@/components/roles/role-dialog";
import { TableSkeleton } from "@/components/table-skeleton";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

const backLinkClass =
  "text-sm text-muted-foreground underline-offset-4 hover:underline focus-visible:underline";

/** One role: its policies (with scope rules and masks) and who holds it. */
export function RoleDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const role = useQuery(trpc.roles.getWithPolicies.queryOptions({ id }));
  const current = useCurrentMember();
  const canManage = current.canManage;

  if (role.isPending) return <TableSkeleton label="Loading role" />;
  if (role.error) {
    return (
      <div className="flex flex-col gap-4">
        <Link href="/roles" className={backLinkClass}>
          ← Back to roles
        </Link>
        <Alert variant="destructive">{errorMessage(role.error)}</Alert>
      </div>
    );
  }
  const data = role.data;

  return (
    <div className="flex flex-col gap-6">
      <Link href="/roles" className={backLinkClass}>
        ← Back to roles
      </Link>
      <PageHeader title={data.name} description={data.description || "No description."}>
        {data.isSystem && <Badge variant="secondary">System</Badge>}
        {/* System roles keep their name and cannot be deleted; their policies stay editable. */}
        {canManage && !data.isSystem && (
          <>
            <RoleDialog
              role={data}
              trigger={
                <Button variant="outline" size="sm">
                  Edit
                </Button>
              }
            />
            <DeleteRoleButton role={data} onDeleted={() => router.push("/roles")} />
          </>
        )}
      </PageHeader>
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Policies
          </CardTitle>
          <CardDescription>
            An unscoped deny wins; otherwise any matching allow allows, within its scope rules.
            Rules in a policy are AND-ed, allowing policies OR-ed.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <PoliciesTable policies={data.policies} canManage={canManage} />
          {canManage && <AddPolicyForm roleId={data.id} />}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Assignments
          </CardTitle>
          <CardDescription>
            {canManage
              ? "A resource type or record limits the role to it; an expired assignment stops counting."
              : "Only owners and admins can assign roles."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <AssignmentsSection role={data} canManage={canManage} />
        </CardContent>
      </Card>
    </div>
  );
}
