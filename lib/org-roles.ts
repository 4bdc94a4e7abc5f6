import { ORG_ROLES } from "@/lib/domain-values";

// Organization roles: owners and admins manage the organization, members read (only an owner
// makes or changes owners).

export { ORG_ROLES };

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
