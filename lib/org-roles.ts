// Organization roles as the dashboard sees them (SPEC §2): owners and admins manage, members read.

export const ORG_ROLES = ["owner", "admin", "member"] as const;

export type OrgRole = (typeof ORG_ROLES)[number];

export const ORG_ROLE_LABELS: Record<OrgRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
};

export function canManageOrg(role: OrgRole | undefined): boolean {
  return role === "owner" || role === "admin";
}

/** The roles an actor may hand out: only an owner creates or changes owners. */
export function assignableRoles(actorRole: OrgRole | undefined): readonly OrgRole[] {
  if (actorRole === "owner") return ORG_ROLES;
  if (actorRole === "admin") return ["admin", "member"];
  return [];
}

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}
