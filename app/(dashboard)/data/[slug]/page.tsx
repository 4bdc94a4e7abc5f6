import type { Metadata } from "next";

import { EntitiesView } from "@/components/data/entities-view";
import { entitiesListInput } from "@/components/data/entity-queries";
import { getNavItem } from "@/components/nav/nav-items";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireAccount } from "@/server/auth/current-session";

export const dynamic = "force-dynamic";

const section = getNavItem("/data");

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  // The slug, not the type's name: naming the tab is not worth a database read.
  const { slug } = await params;
  return { title: `${slug} · ${section.title}` };
}

export default async function EntityTypePage({ params }: Params) {
  await requireAccount();
  const { slug } = await params;
  prefetch(trpc.entityTypes.getBySlug.queryOptions({ slug }));
  prefetch(trpc.entities.list.queryOptions(entitiesListInput(slug)));
  prefetch(trpc.entityTypes.list.queryOptions());
  prefetch(trpc.users.getCurrent.queryOptions());
  prefetch(trpc.organizations.getCurrent.queryOptions());
  return (
    <HydrateClient>
      <EntitiesView slug={slug} />
    </HydrateClient>
  );
}
