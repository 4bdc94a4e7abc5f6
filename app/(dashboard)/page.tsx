import type { Metadata } from "next";

import { ComingSoon } from "@/components/coming-soon";
import { getNavItem } from "@/components/nav/nav-items";

export const dynamic = "force-dynamic";

const section = getNavItem("/");

export const metadata: Metadata = { title: section.title };

export default function OverviewPage() {
  return (
    <ComingSoon
      title={section.title}
      description="Welcome to AgentForge. This is the home of your workspace."
      detail={section.description}
    />
  );
}
