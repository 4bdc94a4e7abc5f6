import type { ReactNode } from "react";

import { AccountBar } from "@/components/account/account-bar";
import { PageTitle } from "@/components/nav/page-title";
import { Sidebar } from "@/components/nav/sidebar";
import { ThemeToggle } from "@/components/theme-toggle";
import { requireAccount } from "@/server/auth/current-session";
import { authMode } from "@/server/auth/mode";

// Dashboard pages read live data; never prerender them at build time.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Every dashboard page needs a signed-in user (in Clerk mode this first call also provisions
  // a new user and their organization).
  const account = await requireAccount();
  return (
    <div className="min-h-dvh md:flex">
      <a
        href="#main"
        className="sr-only rounded-md bg-background px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:ring-2 focus:ring-ring"
      >
        Skip to content
      </a>
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center justify-between gap-4 border-b bg-background/95 px-4 backdrop-blur md:px-8">
          <PageTitle />
          <div className="flex min-w-0 items-center gap-2">
            <AccountBar mode={authMode()} account={account} />
            <ThemeToggle />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-8 md:py-8">
          <div className="mx-auto w-full max-w-5xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
