// The issuer of a Clerk instance's session tokens, from its publishable key alone (no network,
// no dependencies: the proxy imports it too).

/**
 * `https://<Frontend API host>`, the `iss` of every session token of the Clerk instance the
 * publishable key names (`pk_test_` or `pk_live_` + base64 of `<host>$`); null for a key that
 * names none. A token of any other instance, even one signed with a key we trust, is refused.
 */
export function clerkIssuer(publishableKey: string | undefined): string | null {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  if (!decoded.endsWith("$")) return null;
  const host = decoded.slice(0, -1);
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(host)) return null;
  return `https://${host}`;
}
