import { createAndRevokeApiKey } from "./api-keys";
import { expect, signUpLocally, test, unique } from "./fixtures";

test("signed out, the dashboard sends you to the local sign-in page", async ({ page }) => {
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to AgentForge" })).toBeVisible();
  await expect(page.getByText("Local development auth").first()).toBeVisible();
});

test("a new user gets a personal workspace, signs out, and signs back in", async ({ page }) => {
  const { name, email } = await signUpLocally(page);
  await expect(page.getByTestId("active-organization")).toHaveText(`${name}'s Workspace`);
  await expect(page.getByText("owner", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByRole("button", { name: `Continue as ${email}` }).click();
  await expect(page.getByTestId("active-organization")).toHaveText(`${name}'s Workspace`);
});

test("switching organizations changes what the dashboard shows", async ({ page }) => {
  const first = unique("Acme");
  await signUpLocally(page, { organizationName: first });
  await expect(page.getByTestId("active-organization")).toHaveText(first);

  // A second organization of the same user, created through tRPC as the dashboard would.
  const second = unique("Globex");
  const response = await page.request.post("/api/trpc/organizations.create", {
    data: { json: { name: second } },
  });
  expect(response.ok()).toBe(true);
  await page.reload();

  await page.getByLabel("Organization", { exact: true }).selectOption({ label: second });
  await expect(page.getByTestId("active-organization")).toHaveText(second);
  await page.reload();
  await expect(page.getByTestId("active-organization")).toHaveText(second);
});

test("the owner of a local workspace creates and revokes an API key", async ({ page }) => {
  await signUpLocally(page);
  await createAndRevokeApiKey(page, unique("Local key"));
});

test("an owner invites a member, changes the role, and removes them", async ({ page }) => {
  await signUpLocally(page, { organizationName: unique("Team") });
  await page.goto("/members");
  const email = `${unique("invitee")}@example.test`;
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByRole("button", { name: "Invite" }).click();
  await expect(dialog.getByRole("status")).toContainText(`Added ${email}`);
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row", { name: new RegExp(email) });
  await expect(row.getByLabel(/^Role of /)).toHaveValue("member");
  // The select shows the new role at once; the reload waits for the server to have it.
  const saved = page.waitForResponse((response) =>
    response.url().includes("memberships.changeRole"),
  );
  await row.getByLabel(/^Role of /).selectOption("admin");
  await expect(row.getByLabel(/^Role of /)).toHaveValue("admin");
  expect((await saved).ok()).toBe(true);
  await page.reload();
  await expect(
    page.getByRole("row", { name: new RegExp(email) }).getByLabel(/^Role of /),
  ).toHaveValue("admin");

  await page
    .getByRole("row", { name: new RegExp(email) })
    .getByRole("button", { name: "Remove" })
    .click();
  await page
    .getByRole("dialog", { name: "Remove member" })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
});
