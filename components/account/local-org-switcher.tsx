"use client";

import { useRef } from "react";

type Organization = { id: string; name: string };

/** Local mode: switching posts the choice; the server checks membership and re-signs the cookie. */
export function LocalOrgSwitcher({
  organizations,
  activeId,
}: {
  organizations: Organization[];
  activeId: string | null;
}) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} method="post" action="/api/auth/local/switch" className="flex items-center">
      <label htmlFor="org-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="org-switcher"
        name="organizationId"
        defaultValue={activeId ?? ""}
        onChange={() => form.current?.requestSubmit()}
        className="h-8 max-w-48 truncate rounded-md border bg-background px-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="ml-2 text-sm underline">
          Switch
        </button>
      </noscript>
    </form>
  );
}
