import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Account = {
  id: string;
  name: string | null;
  email: string;
  memberships: { role: string; organization: { id: string; name: string } }[];
};

/**
 * The local development sign-in: continue as an existing local user (in one of their
 * organizations), or create a user. Plain forms posting to /api/auth/local/sign-in.
 */
export function LocalSignIn({ accounts, error }: { accounts: Account[]; error: string | null }) {
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-xl flex-col justify-center gap-6 p-4">
      <div className="flex flex-col gap-2">
        <div className="flex items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to AgentForge</h1>
          <Badge variant="outline">Local development auth</Badge>
        </div>
        <p className="text-sm text-muted-foreground">
          No password: pick a user. Configure Clerk to sign in for real.
        </p>
        {error && (
          <p
            role="alert"
            className="rounded-md border border-destructive/50 px-3 py-2 text-sm text-destructive"
          >
            {error}
          </p>
        )}
      </div>

      {accounts.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Continue as</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            {accounts.map((account) => (
              <form
                key={account.id}
                method="post"
                action="/api/auth/local/sign-in"
                className="flex flex-wrap items-center gap-2"
              >
                <input type="hidden" name="userId" value={account.id} />
                <span className="min-w-0 flex-1 truncate text-sm">
                  <span className="font-medium">{account.name ?? account.email}</span>{" "}
                  <span className="text-muted-foreground">{account.email}</span>
                </span>
                {account.memberships.length > 1 && (
                  <select
                    name="organizationId"
                    aria-label={`Organization for ${account.email}`}
                    className="h-8 rounded-md border bg-background px-2 text-sm"
                  >
                    {account.memberships.map(({ organization, role }) => (
                      <option key={organization.id} value={organization.id}>
                        {organization.name} ({role})
                      </option>
                    ))}
                  </select>
                )}
                <Button type="submit" size="sm" aria-label={`Continue as ${account.email}`}>
                  Continue
                </Button>
              </form>
            ))}
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>New user</CardTitle>
          <CardDescription>
            Without an organization name you get a personal workspace.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form method="post" action="/api/auth/local/sign-in" className="flex flex-col gap-3">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="name">Name</Label>
              <Input id="name" name="name" required autoComplete="name" />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="email">Email</Label>
              <Input id="email" name="email" type="email" required autoComplete="email" />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="organizationName">Organization (optional)</Label>
              <Input id="organizationName" name="organizationName" />
            </div>
            <Button type="submit">Create user and sign in</Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
