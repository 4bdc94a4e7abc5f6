"use client";

import { usePathname } from "next/navigation";

import { findActiveNavItem } from "@/components/nav/nav-items";

/**
 * Plain text rather than a heading: each page renders its own <h1>, and two
 * headings with the same name would confuse screen readers and role queries.
 */
export function PageTitle() {
  const pathname = usePathname();
  const item = findActiveNavItem(pathname);
  return (
    <p className="truncate text-sm font-medium text-muted-foreground">
      {item?.title ?? "AgentForge"}
    </p>
  );
}
