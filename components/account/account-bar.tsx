import { OrganizationSwitcher, UserButton } from "@clerk/nextjs";
import { LocalOrgSwitcher } from "@/components/account/local-org-switcher";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { AuthMode } from "@/server/auth/mode";

type Account = {
  user: {
    name: string | null;
    email: string;
    organizations: { id: string; name: string; role: string }[];
  };
  active: { id: string; name: string; role: string } | null;
};

/**
 * Who is signed in and where. The active organization's name and the user's role are always
 * shown from our own data; in Clerk mode Clerk's switcher and user button sit beside them (they
 * need Clerk's script, loaded from Clerk's servers).
 */
export function AccountBar({ mode, account }: { mode: AuthMode; account: Account }) {
  const { user, active } = account;
  return (
    <div className="flex min-w-0 items-center gap-3 text-sm">
      {mode === "local" ? (
        <>
          <Badge variant="outline" title="Anyone can sign in as anyone: for development only">
            Local development auth
          </Badge>
          <LocalOrgSwitcher organizations={user.organizations} activeId={active?.id ?? null} />
        </>
      ) : (
        <OrganizationSwitcher hidePersonal afterSelectOrganizationUrl="/" />
      )}
      <span className="hidden truncate sm:inline" data-testid="active-organization">
        {active ? active.name : "No organization"}
      </span>
      {active && <Badge variant="secondary">{active.role}</Badge>}
      <span
        className="hidden truncate text-muted-foreground lg:inline"
        data-testid="signed-in-user"
      >
        {user.name ?? user.email}
      </span>
      {mode === "local" ? (
        <form method="post" action="/api/auth/local/sign-out">
          <Button type="submit" variant="ghost" size="sm">
            Sign out
          </Button>
        </form>
      ) : (
        <UserButton />
      )}
    </div>
  );
}
