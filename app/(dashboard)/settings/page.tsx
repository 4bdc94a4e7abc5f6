import type { Metadata } from "next";

import { getNavItem } from "@/components/nav/nav-items";
import { SettingsView } from "@/components/settings/settings-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/settings");

export const metadata: Metadata = { title: section.title };

export default async function SettingsPage() {
  await requireAccount();
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <SettingsView title={section.title} description={section.description} />
    </HydrateClient>
  );
}
