import { expect, signUpLocally, test } from "./fixtures";

const sections = [
  "Overview",
  "Agents",
  "Threads",
  "Data",
  "Events",
  "Jobs",
  "Roles",
  "Packs",
  "API keys",
  "API reference",
  "Members",
  "Settings",
  "Usage",
];

test("health reports the database ok", async ({ request }) => {
  const response = await request.get("/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: "ok" });
  expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
});

test("the dashboard shell lists every section and navigates between them", async ({ page }) => {
  await signUpLocally(page);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of sections)
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  // The overview's status card is filled through tRPC.
  await expect(page.getByLabel("Database ok")).toBeVisible();

  await nav.getByRole("link", { name: "Agents", exact: true }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Agents", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("dark mode is chosen with the theme toggle and survives a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await signUpLocally(page);
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/dark/);
  const toggle = page.getByRole("button", { name: "Toggle theme" });
  // The toggle cycles system → light → dark.
  await toggle.click();
  await expect(toggle).toHaveAttribute("title", /^Theme: light/);
  await expect(html).not.toHaveClass(/dark/);
  await toggle.click();
  await expect(toggle).toHaveAttribute("title", /^Theme: dark/);
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
});

test("on a phone the navigation opens from the menu button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signUpLocally(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  // A click before the page has hydrated does nothing: click until the button says it opened
  // the menu (never a second time once it has, which would close it again).
  const toggle = page.getByRole("button", { name: "Toggle menu" });
  await expect(async () => {
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(nav.getByRole("link", { name: "Jobs", exact: true })).toBeVisible();
});
