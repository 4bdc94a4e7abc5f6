import type { Metadata } from "next";

import { ApiReference } from "@/components/api-reference/api-reference";
import { getNavItem } from "@/components/nav/nav-items";
import { requireAccount } from "@/server/auth/current-session";
import { openApiDocument } from "@/server/http/openapi";

export const dynamic = "force-dynamic";

const section = getNavItem("/api-reference");

export const metadata: Metadata = { title: section.title };

export default async function ApiReferencePage() {
  await requireAccount();
  return (
    <ApiReference
      title={section.title}
      description={section.description}
      document={openApiDocument()}
    />
  );
}
