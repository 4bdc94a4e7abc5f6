import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { ORG_ROLE_LABELS, type OrgRole } from "@/lib/org-roles";

const VARIANT: Record<OrgRole, BadgeVariant> = {
  owner: "default",
  admin: "secondary",
  member: "outline",
};

export function RoleBadge({ role }: { role: OrgRole }) {
  return <Badge variant={VARIANT[role]}>{ORG_ROLE_LABELS[role]}</Badge>;
}
