import type { Metadata } from "next";
import { Suspense } from "react";

import { Playground } from "@/components/agents/playground";
import { Spinner } from "@/components/ui/spinner";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Playground" };

type Params = { params: Promise<{ id: string }> };

export default async function PlaygroundPage({ params }: Params) {
  await requireAccount();
  const { id } = await params;
  return (
    <Suspense fallback={<Spinner label="Loading conversation" />}>
      <Playground agentId={id} />
    </Suspense>
  );
}
