import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/local/[action]/route";
import { encodeLocalSession, LOCAL_SESSION_COOKIE } from "@/server/auth/local-session";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";

// The local sign-in, sign-out and switch posts answer the app's own pages only: another site
// could otherwise sign a visitor in as a user it chose (login CSRF), sign them out, or switch
// their organization.

const BASE = "http://app.test";

function postAction(action: string, form: Record<string, string>, headers: Record<string, string>) {
  const request = new Request(`${BASE}/api/auth/local/${action}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(form),
  });
  return POST(request, { params: Promise.resolve({ action }) });
}

const CROSS_SITE: Record<string, string>[] = [
  { origin: "https://evil.example" },
  { origin: "null" },
  { "sec-fetch-site": "cross-site" },
  { "sec-fetch-site": "same-site", origin: "https://other.app.test" },
];

describe("local auth routes", () => {
  it("sign-in from another site is refused (403): no user, no session", async () => {
    for (const headers of CROSS_SITE) {
      const email = `${uid("csrf")}@example.test`;
      const response = await postAction("sign-in", { name: "Mallory", email }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await testDb().user.count({ where: { email } })).toBe(0);
    }
  });

  it("sign-in from the app's own page signs in", async () => {
    const email = `${uid("own")}@example.test`;
    const response = await postAction(
      "sign-in",
      { name: "Ada", email },
      { origin: BASE, "sec-fetch-site": "same-origin" },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toContain(`${LOCAL_SESSION_COOKIE}=`);
    expect(await testDb().user.count({ where: { email } })).toBe(1);
  });

  it("sign-out and switch from another site are refused (403) and keep the session", async () => {
    const t = await createTenant();
    const other = await createTenant();
    await testDb().membership.create({
      data: { organizationId: other.org.id, userId: t.owner.id, role: "member" },
    });
    const cookie = `${LOCAL_SESSION_COOKIE}=${encodeLocalSession({ userId: t.owner.id, orgId: t.org.id })}`;
    for (const headers of CROSS_SITE) {
      const signOut = await postAction("sign-out", {}, { ...headers, cookie });
      expect(signOut.status).toBe(403);
      expect(signOut.headers.get("set-cookie")).toBeNull();
      const switched = await postAction(
        "switch",
        { organizationId: other.org.id },
        { ...headers, cookie },
      );
      expect(switched.status).toBe(403);
      expect(switched.headers.get("set-cookie")).toBeNull();
    }
    const own = await postAction("sign-out", {}, { origin: BASE, cookie });
    expect(own.status).toBe(303);
    expect(own.headers.get("set-cookie")).toMatch(new RegExp(`^${LOCAL_SESSION_COOKIE}=;`));
  });
});
