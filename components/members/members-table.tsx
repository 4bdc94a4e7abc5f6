"use client";

import { MemberRow, type Member } from "@/components/members/member-row";
import { ListTable } from "@/components/list-table";
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
    <ListTable
      caption="Members"
      columns={["Name", "Email", "Role", "Member since"]}
      actions={showActions}
    >
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
    </ListTable>
  );
}
