"use client";

import { MemberRow, type Member } from "@/components/members/member-row";
import {
  Table,
  TableBody,
  TableCaption,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { canManageOrg, type OrgRole } from "@/lib/org-roles";

export type MembersTableProps = {
  members: Member[];
  currentUserId: string | undefined;
  actorRole: OrgRole | undefined;
  organizationName: string;
};

export function MembersTable({
  members,
  currentUserId,
  actorRole,
  organizationName,
}: MembersTableProps) {
  const showActions = canManageOrg(actorRole);
  return (
    <Table>
      <TableCaption className="sr-only">Members</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Member since</TableHead>
          {showActions && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => (
          <MemberRow
            key={member.id}
            member={member}
            isYou={member.user.id === currentUserId}
            actorRole={actorRole}
            showActions={showActions}
            organizationName={organizationName}
          />
        ))}
      </TableBody>
    </Table>
  );
}
