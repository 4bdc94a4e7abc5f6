// Single source of truth for the dashboard sections: the sidebar, the header title
// and each section page all read from here so names and routes cannot drift apart.

export type NavItem = {
  /** Visible link text; browser tests locate links by this exact name. */
  title: string;
  href: string;
  /** One sentence shown on the section page until the feature ships. */
  description: string;
};

export const NAV_ITEMS = [
  {
    title: "Overview",
    href: "/",
    description: "Usage charts and recent events across your workspace will appear here.",
  },
  {
    title: "Agents",
    href: "/agents",
    description: "Create, configure and version the AI agents in this workspace.",
  },
  {
    title: "Threads",
    href: "/threads",
    description: "Browse the conversation threads between users and your agents.",
  },
  {
    title: "Data",
    href: "/data",
    description: "Manage the datasets and documents your agents can read from.",
  },
  {
    title: "Events",
    href: "/events",
    description: "Inspect the event log emitted by agents, jobs and integrations.",
  },
  {
    title: "Jobs",
    href: "/jobs",
    description: "Monitor scheduled and background jobs and the history of their runs.",
  },
  {
    title: "Roles",
    href: "/roles",
    description: "Define roles and the permissions they grant to members and agents.",
  },
  {
    title: "Packs",
    href: "/packs",
    description: "Install and manage packs that bundle agents, tools and configuration.",
  },
  {
    title: "API keys",
    href: "/api-keys",
    description: "Create, rotate and revoke API keys for programmatic access.",
  },
  {
    title: "API reference",
    href: "/api-reference",
    description: "Every route of the public API, its parameters, bodies and answers.",
  },
  {
    title: "Members",
    href: "/members",
    description: "Invite people to the workspace and manage their roles.",
  },
  {
    title: "Settings",
    href: "/settings",
    description: "Configure the workspace name, defaults and integrations.",
  },
  {
    title: "Usage",
    href: "/usage",
    description: "Track runs, tokens and storage against your plan limits.",
  },
] as const satisfies readonly NavItem[];

export type NavHref = (typeof NAV_ITEMS)[number]["href"];

/** Typed by href so a page cannot ask for a section that is not in the nav. */
export function getNavItem(href: NavHref): NavItem {
  const item = NAV_ITEMS.find((candidate) => candidate.href === href);
  if (!item) throw new Error(`Unknown nav item: ${href}`);
  return item;
}

/** Nested routes (e.g. /agents/123) keep their section highlighted; "/" only matches itself. */
export function isNavItemActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function findActiveNavItem(pathname: string): NavItem | undefined {
  return NAV_ITEMS.find((item) => isNavItemActive(item.href, pathname));
}
