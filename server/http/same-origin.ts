// Cookie-authenticated routes answer the app's own pages only. A browser names where a request
// comes from: `Sec-Fetch-Site` (every current browser) and `Origin` (on every POST). Either one
// naming another site refuses the request. A request with neither is not from a browser (or is a
// same-origin GET of an old one): it carries no victim's cookies, so it is let through.

/** The hosts this request was addressed to: its URL's, and the Host a proxy in front received. */
function ownHosts(request: Request): Set<string> {
  const hosts = new Set([new URL(request.url).host]);
  const host = request.headers.get("host");
  if (host) hosts.add(host);
  // A browser cannot set this header on a cross-site request (it is not CORS-safelisted).
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwarded) hosts.add(forwarded);
  return hosts;
}

export function isSameOriginRequest(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  // `none`: the user opened the URL themselves (address bar, bookmark).
  if (site !== null && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // `Origin: null` (sandboxed frames, some redirects) is nobody's origin
  }
  return host !== "" && ownHosts(request).has(host);
}

/** Whether the body is declared JSON (`application/json`, parameters allowed). */
export function isJsonRequest(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.split(";", 1)[0]!.trim().toLowerCase() === "application/json";
}
