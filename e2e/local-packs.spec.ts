import { expect, signUpLocally, test, unique } from "./fixtures";

// A new organization's first run: the overview offers the pack catalog, the tutoring pack is
// installed with its sample data from the Packs page, its entity types appear on the Data page,
// and its starter agent answers in the playground with a tool call over the sample sessions
// (the fake model calls the tool the `[tool:NAME {json}]` marker names; dots travel as `_`).

const TUTORING_TYPES = ["Teacher", "Student", "Guardian", "Session", "Payment", "Entitlement"];

test("install the tutoring pack with sample data and chat with its starter agent", async ({
  page,
}) => {
  await signUpLocally(page, { organizationName: unique("Tutoring") });

  const firstRun = page.getByRole("region", { name: "Start with a pack" });
  await expect(firstRun.getByRole("listitem", { name: "Tutoring Operations" })).toBeVisible();
  await firstRun.getByRole("link", { name: "Browse packs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Packs" })).toBeVisible();

  const card = page.getByRole("region", { name: "Tutoring Operations" });
  await card.getByRole("button", { name: "Install", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Install Tutoring Operations" });
  const created = dialog.getByRole("list", { name: "Will be created" });
  await expect(created).toContainText("Session");
  await expect(created).toContainText("Front Desk");
  await dialog.getByLabel("With sample data").check();
  await dialog.getByRole("button", { name: "Install", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText(/Tutoring Operations [\d.]+ is installed/)).toBeVisible();
  await expect(card.getByText(/sample records/)).toBeVisible();
  await expect(card.getByText(/^Installed v[\d.]+$/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Uninstall" })).toBeVisible();

  await card.getByRole("link", { name: "Open the data" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();
  const types = page.getByRole("table", { name: "Entity types" });
  for (const name of TUTORING_TYPES) {
    await expect(types.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Start with a pack" })).toBeHidden();

  await page.goto("/agents");
  await page.getByRole("link", { name: "Front Desk" }).click();
  await page
    .getByRole("navigation", { name: "Agent" })
    .getByRole("link", { name: "Playground" })
    .click();
  await expect(page).toHaveURL(/thread=playground-/);
  await page
    .getByRole("textbox", { name: "Message" })
    .fill('[tool:entity_query {"type":"session"}] which sessions are booked?');
  await page.getByRole("button", { name: "Send" }).click();
  const conversation = page.getByRole("list", { name: "Conversation" });
  const call = conversation.getByLabel("Tool call entity.query");
  await expect(call).toContainText("done");
  // The result holds the sample sessions the install created.
  await expect(call).toContainText("Maths: quadratic equations");
  // The agent's tools run as the pack's `agent` role, which hides the teachers' notes.
  await expect(call).not.toContainText("Confident with factorising");
  await expect(conversation.getByText(/Tool entity_query returned:/)).toBeVisible();
});
