"use client";

import { useQuery } from "@tanstack/react-query";

import { canManageOrg, type OrgRole } from "@/lib/org-roles";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Who "you" are in the active organization. The role comes from the user's own memberships,
 * matched by the active organization's id, so pages can hide controls the server would refuse
 * anyway (the server stays the authority).
 */
export function useCurrentMember() {
  const trpc = useTRPC();
  const me = useQuery(trpc.users.getCurrent.queryOptions());
  const organization = useQuery(trpc.organizations.getCurrent.queryOptions());
  const orgId = organization.data?.id;
  const role: OrgRole | undefined = me.data?.organizations.find((org) => org.id === orgId)?.role;
  return {
    me: me.data,
    organization: organization.data,
    role,
    canManage: canManageOrg(role),
    isOwner: role === "owner",
    isPending: me.isPending || organization.isPending,
    error: me.error ?? organization.error,
  };
}
