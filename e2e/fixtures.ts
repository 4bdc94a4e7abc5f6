import { randomBytes } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";

// Every page test runs offline: requests to anything but this machine are aborted, so a stray
// call to a CDN or an analytics host fails loudly instead of hanging.
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
    await use(page);
  },
});

export { expect };

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Local development auth: a new user (and organization) through the sign-in form. */
export async function signUpLocally(
  page: Page,
  options: { name?: string; organizationName?: string } = {},
) {
  const name = options.name ?? unique("User");
  const email = `${name.toLowerCase()}@example.test`;
  await page.goto("/sign-in");
  const form = page.locator("form", {
    has: page.getByRole("button", { name: "Create user and sign in" }),
  });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(email);
  if (options.organizationName)
    await form.getByLabel("Organization (optional)").fill(options.organizationName);
  await form.getByRole("button", { name: "Create user and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  return { name, email };
}
