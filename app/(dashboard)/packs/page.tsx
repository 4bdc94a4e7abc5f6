import type { Metadata } from "next";

import { ComingSoon } from "@/components/coming-soon";
import { getNavItem } from "@/components/nav/nav-items";

export const dynamic = "force-dynamic";

const section = getNavItem("/packs");

export const metadata: Metadata = { title: section.title };

export default function PacksPage() {
  return <ComingSoon title={section.title} description={section.description} />;
}
