import type { APIRequestContext } from "@playwright/test";
import { expect, signUpLocally, test, unique } from "./fixtures";

// The Agents section end to end: an owner creates an agent from the list, edits its development
// config (system prompt, a built-in tool), deploys it from Versions, and sets a tool permission
// that survives a reload; a member then sees the same editor read-only.

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()).result.data.json;
}

test("create, edit and deploy an agent, set a tool permission; a member sees it read-only", async ({
  page,
}) => {
  await signUpLocally(page, { organizationName: unique("Agents") });
  const memberEmail = `${unique("member")}@example.test`;
  await trpc(page.request, "memberships.invite", { email: memberEmail, role: "member" });

  // Create from the list; the new agent opens in its editor.
  await page.goto("/agents");
  await expect(page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();
  await expect(page.getByText("No agents yet.")).toBeVisible();
  await page.getByRole("button", { name: "New agent" }).click();
  const dialog = page.getByRole("dialog", { name: "New agent" });
  const name = unique("Front desk");
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByLabel("Description").fill("Answers questions about students.");
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page).toHaveURL(/\/agents\/[^/?]+$/);
  const editorUrl = page.url();
  const tabs = page.getByRole("navigation", { name: "Agent" });
  await expect(tabs.getByRole("link", { name: "Editor" })).toHaveAttribute("aria-current", "page");

  // Edit the development config and save it as v2.
  const prompt = "You answer questions about the school's students, briefly.";
  await page.getByLabel("System prompt").fill(prompt);
  const query = page.getByRole("checkbox", { name: "entity.query", exact: true });
  await query.check();
  await page.getByRole("button", { name: "Save development config" }).click();
  await expect(page.getByText("Saved as development v2.")).toBeVisible();

  // The list shows it, not deployed yet.
  await page.goto("/agents");
  const row = page
    .getByRole("table", { name: "Agents" })
    .getByRole("row")
    .filter({ hasText: name });
  await expect(row).toContainText("not deployed");
  await expect(row).toContainText("v2");
  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Deploy from Versions, through the confirmation that lists the changes.
  await page
    .getByRole("navigation", { name: "Agent" })
    .getByRole("link", { name: "Versions" })
    .click();
  const compared = page.getByRole("table", { name: "Production and development compared" });
  await expect(compared).toContainText(prompt);
  await page.getByRole("button", { name: "Deploy development to production" }).click();
  const deploy = page.getByRole("dialog", { name: "Deploy to production" });
  await expect(deploy.getByRole("list", { name: "Changes" })).toContainText("First deploy");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(deploy).toBeHidden();
  await expect(page.getByText("Deployed development v2 to production as v1.")).toBeVisible();
  await expect(page.getByText(/No differences/)).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Deploy development to production" }),
  ).toBeDisabled();
  const history = page.getByRole("table", { name: "Config versions" });
  await expect(history.getByRole("row")).toHaveCount(4); // header, production v1, development v2, v1
  await expect(history.getByRole("row").nth(1)).toContainText("production");
  await expect(history.getByRole("row").nth(1)).toContainText("Current");
  await expect(history.getByRole("row").nth(1)).toContainText("development v2");

  // A tool permission for the ticked tool, kept across a reload.
  await page
    .getByRole("navigation", { name: "Agent" })
    .getByRole("link", { name: "Editor" })
    .click();
  let permission = page.getByRole("region", { name: "Tool permission entity.query" });
  await permission.getByLabel("Identity").selectOption("system");
  await permission.getByLabel("Denied fields").fill("data.ssn, data.salary");
  await permission.getByRole("button", { name: "Save permission for entity.query" }).click();
  await expect(permission.getByText("Permission saved.")).toBeVisible();
  await page.reload();
  permission = page.getByRole("region", { name: "Tool permission entity.query" });
  await expect(permission.getByLabel("Identity")).toHaveValue("system");
  await expect(permission.getByLabel("Denied fields")).toHaveValue("data.ssn\ndata.salary");
  await expect(permission).toContainText("Runs as the system");
  await expect(page.getByLabel("System prompt")).toHaveValue(prompt);

  // The member's view: everything shown, nothing editable.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: `Continue as ${memberEmail}` }).click();
  // Signed in once the dashboard shows (going on before could land on the sign-in page).
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.goto("/agents");
  await expect(page.getByRole("link", { name })).toBeVisible();
  await expect(page.getByRole("button", { name: "New agent" })).toHaveCount(0);
  await page.goto(editorUrl);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("you see this one read-only")).toBeVisible();
  await expect(page.getByLabel("System prompt")).toBeDisabled();
  await expect(page.getByLabel("System prompt")).toHaveValue(prompt);
  await expect(page.getByRole("checkbox", { name: "entity.query", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "entity.query", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save development config" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete agent" })).toHaveCount(0);
  permission = page.getByRole("region", { name: "Tool permission entity.query" });
  await expect(permission.getByLabel("Identity")).toBeDisabled();
  await expect(permission.getByRole("button", { name: /Save permission/ })).toHaveCount(0);
  await page
    .getByRole("navigation", { name: "Agent" })
    .getByRole("link", { name: "Versions" })
    .click();
  await expect(page.getByText(/No differences/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Deploy development to production" })).toHaveCount(
    0,
  );
});
