import type { APIRequestContext, Page } from "@playwright/test";
import { NAV_ITEMS } from "../components/nav/nav-items";
import { expect, signUpLocally, test, unique } from "./fixtures";

// The browser-facing defences of a production build: the security headers on pages, API
// responses and static files; a Content Security Policy whose nonce is on every script the
// server sends, under which no page of the dashboard logs a violation; and the refusals of
// cookie-authenticated endpoints (tRPC, local sign-in) when a request is not the app's own.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

function expectSecurityHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
}

function expectPolicy(headers: Record<string, string>): string {
  const policy = directives(headers["content-security-policy"] ?? "");
  const scriptSrc = policy.get("script-src") ?? [];
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  const nonce = scriptSrc.map((source) => /^'nonce-(.+)'$/.exec(source)?.[1]).find(Boolean);
  expect(nonce).toBeTruthy();
  return nonce!;
}

/** Every CSP violation the page reports: the event, and Chromium's console message. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (
      /Content Security Policy|Refused to (load|execute|evaluate|apply|connect|frame)/i.test(
        message.text(),
      )
    )
      violations.push(`${page.url()} console: ${message.text()}`);
  });
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => {
    violations.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void })
        .__reportCspViolation;
      report(
        `${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return violations;
}

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()).result.data.json;
}

test("pages, API responses and static files carry the security headers; every script has the nonce", async ({
  page,
  request,
}) => {
  const response = (await page.goto("/sign-in"))!;
  const headers = response.headers();
  expectSecurityHeaders(headers);
  const nonce = expectPolicy(headers);
  expect(headers["x-request-id"]).toMatch(UUID);

  // Every script the server sent carries this request's nonce (Next's and the inline ones).
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(1);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // The theme script ran before paint, and the page hydrated (its form reacts).
  expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toMatch(
    /^(light|dark)$/,
  );
  await expect(page.getByRole("button", { name: "Create user and sign in" })).toBeEnabled();

  // Another request, another nonce.
  const again = (await page.reload())!;
  expect(expectPolicy(again.headers())).not.toBe(nonce);

  const api = await request.get("/api/trpc/users.getCurrent");
  expect(api.status()).toBe(401);
  expectSecurityHeaders(api.headers());
  expectPolicy(api.headers());
  expect(api.headers()["x-request-id"]).toMatch(UUID);
  // The error names the same id (superjson wraps the error in `json`).
  expect((await api.json()).error.json.data.requestId).toBe(api.headers()["x-request-id"]);

  const health = await request.get("/health");
  expectSecurityHeaders(health.headers());
  expectPolicy(health.headers());

  // The public API passes no proxy: a fixed policy that allows nothing, and the frame's request id.
  for (const answer of [
    await request.get("/v1/openapi.json"),
    await request.post("/v1/chat", { data: { message: "hi" } }),
  ]) {
    expectSecurityHeaders(answer.headers());
    const policy = directives(answer.headers()["content-security-policy"] ?? "");
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  }
  const refused = await request.post("/v1/chat", { data: { message: "hi" } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["x-request-id"]).toMatch(UUID);

  const chunk = /<script\b[^>]*\bsrc="([^"]+\.js)"/.exec(html)?.[1];
  expect(chunk).toBeTruthy();
  const asset = await request.get(chunk!);
  expect(asset.ok()).toBe(true);
  expectSecurityHeaders(asset.headers());
});

test("no page of the dashboard logs a Content Security Policy violation", async ({ page }) => {
  const violations = await watchViolations(page);

  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to AgentForge" })).toBeVisible();
  await page.waitForLoadState("networkidle");

  await signUpLocally(page, { organizationName: unique("Secure") });
  for (const item of NAV_ITEMS) {
    await page.goto(item.href);
    await expect(page.getByRole("heading", { level: 1, name: item.title })).toBeVisible();
    await page.waitForLoadState("networkidle");
  }

  const agent = await trpc(page.request, "agents.create", {
    name: unique("Policy"),
    config: {
      name: "policy",
      systemPrompt: "You answer briefly.",
      model: { provider: "anthropic", name: "claude-sonnet-5-5" },
      tools: [{ isBuiltin: true, name: "entity.query" }],
    },
  });
  await page.goto(`/agents/${agent.id}`);
  await expect(page.getByLabel("System prompt")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.goto(`/agents/${agent.id}/versions`);
  await page.waitForLoadState("networkidle");

  // The playground streams a reply through the AI SDK (whose zod must not probe for eval).
  await page.goto(`/agents/${agent.id}/playground`);
  await page.getByRole("textbox", { name: "Message" }).fill("hello there");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(
    page
      .getByRole("list", { name: "Conversation" })
      .getByRole("listitem", { name: "Agent reply" })
      .last(),
  ).toContainText("You said: hello there");
  await page.waitForLoadState("networkidle");

  // The schema editor checks what is typed in the browser, without eval.
  await page.goto("/data");
  await page.getByRole("button", { name: "New entity type" }).click();
  const typeDialog = page.getByRole("dialog", { name: "New entity type" });
  await typeDialog
    .getByLabel("JSON Schema")
    .fill(JSON.stringify({ type: "object", properties: { name: { type: "string" } } }));
  await expect(typeDialog.getByRole("status").filter({ hasText: "Valid schema" })).toBeVisible();

  expect(violations).toEqual([]);
});

test("tRPC and local sign-in refuse forms, other sites and oversized batches; a broken cookie is signed out", async ({
  page,
  context,
  baseURL,
}) => {
  await signUpLocally(page, { organizationName: unique("Refusals") });

  // A plain HTML form can send multipart/form-data: it must not reach a mutation.
  const form = await page.request.post("/api/trpc/memberships.leave", {
    multipart: { "0": "{}" },
  });
  expect(form.status()).toBe(415);
  const crossSite = await page.request.post("/api/trpc/organizations.create", {
    data: { json: { name: unique("Forged") } },
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  const fetchMetadata = await page.request.post("/api/trpc/organizations.create", {
    data: { json: { name: unique("Forged") } },
    headers: { "sec-fetch-site": "cross-site" },
  });
  expect(fetchMetadata.status()).toBe(403);
  const paths = Array.from({ length: 21 }, () => "users.getCurrent").join(",");
  const batch = await page.request.get(`/api/trpc/${paths}?batch=1&input=%7B%7D`);
  expect(batch.status()).toBe(400);

  const signIn = await page.request.post("/api/auth/local/sign-in", {
    form: { name: "Mallory", email: `${unique("mallory")}@example.test` },
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(403);
  const signOut = await page.request.post("/api/auth/local/sign-out", {
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(signOut.status()).toBe(403);

  // Still signed in, still a member: nothing above ran.
  await page.goto("/members");
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();

  // A session cookie that cannot even be decoded is no session: the sign-in page, not a 500.
  await context.clearCookies();
  await context.addCookies([{ name: "af_session", value: "%E0%A4%A", url: baseURL! }]);
  const dashboard = await page.goto("/agents");
  expect(dashboard!.status()).toBe(200);
  await expect(page).toHaveURL(/\/sign-in$/);
  const api = await page.request.get("/api/trpc/users.getCurrent");
  expect(api.status()).toBe(401);
});
