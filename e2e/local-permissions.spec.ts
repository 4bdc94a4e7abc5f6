import type { APIRequestContext } from "@playwright/test";
import { expect, signUpLocally, test, unique } from "./fixtures";

// Row and field security end to end: an owner builds a role with a scope rule and a mask in the
// Roles page, assigns it to a member, and the member sees only the permitted rows, without the
// masked field.

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()).result.data.json;
}

test("a member sees only the rows a role's scope rule allows, with the masked field hidden", async ({
  page,
}) => {
  await signUpLocally(page, { organizationName: unique("Tutors") });
  const slug = unique("lesson");
  await trpc(page.request, "entityTypes.create", {
    name: slug,
    slug,
    schema: {
      type: "object",
      properties: { teacher: { type: "string" }, notes: { type: "string" } },
    },
    displayConfig: { listFields: ["teacher", "notes"] },
  });
  const secret = unique("private-note");
  await trpc(page.request, "entities.create", {
    entityTypeSlug: slug,
    data: { teacher: "Ada", notes: secret },
  });
  await trpc(page.request, "entities.create", {
    entityTypeSlug: slug,
    data: { teacher: "Ada", notes: `${secret}-2` },
  });
  await trpc(page.request, "entities.create", {
    entityTypeSlug: slug,
    data: { teacher: "Bob", notes: "bob only" },
  });
  const memberEmail = `${unique("teacher")}@example.test`;
  await trpc(page.request, "memberships.invite", { email: memberEmail, role: "member" });

  // The role, through the Roles page.
  await page.goto("/roles");
  await page.getByRole("button", { name: "New role" }).click();
  const dialog = page.getByRole("dialog", { name: "New role" });
  const roleName = unique("Teacher");
  await dialog.getByLabel(/^Name/).fill(roleName);
  await dialog.getByRole("button", { name: "Create role" }).click();
  await page.getByRole("link", { name: roleName }).click();
  await expect(page.getByRole("heading", { level: 1, name: roleName })).toBeVisible();

  await page.getByLabel("Resource", { exact: true }).selectOption(slug);
  await page.getByLabel("Action", { exact: true }).selectOption("list");
  await page.getByLabel("Effect", { exact: true }).selectOption("allow");
  await page.getByRole("button", { name: "Add policy" }).click();
  const policy = page.getByRole("region", { name: `Policy allow list on ${slug}` });
  await expect(policy).toBeVisible();

  await policy.getByLabel("Field", { exact: true }).fill("data.teacher");
  await policy.getByLabel("Operator").selectOption("eq");
  await policy.getByLabel("Value", { exact: true }).fill('"Ada"');
  await policy.getByRole("button", { name: "Add scope rule" }).click();
  await expect(policy.getByText("data.teacher")).toBeVisible();

  await policy.getByLabel("Field path").fill("data.notes");
  await policy.getByLabel("Mask type").selectOption("hide");
  await policy.getByRole("button", { name: "Add mask" }).click();
  await expect(policy.getByRole("button", { name: "Remove mask data.notes hide" })).toBeVisible();

  // Editing the policy changes it in place: the table shows the new priority, and the rule and
  // mask added above are still there (removing and re-adding would have lost them).
  const label = `allow list on ${slug}`;
  await page.getByRole("button", { name: `Edit policy ${label}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit policy" });
  await expect(edit.getByLabel("Priority")).toHaveValue("0");
  await edit.getByLabel("Priority").fill("5");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  const summary = page
    .getByRole("row")
    .filter({ has: page.getByRole("button", { name: `Edit policy ${label}` }) });
  await expect(summary.getByRole("cell").nth(3)).toHaveText("5");
  await expect(policy.getByText("data.teacher")).toBeVisible();
  await expect(policy.getByRole("button", { name: "Remove mask data.notes hide" })).toBeVisible();

  await page
    .getByLabel("Member")
    .selectOption({ label: memberEmail.split("@")[0] + ` (${memberEmail})` });
  await page.getByRole("button", { name: "Assign role" }).click();
  await expect(page.getByRole("button", { name: /^Remove assignment of / })).toBeVisible();

  // The simulator shows the same decision for one record, before anyone signs in as the member.
  const simulate = async (search: string, label: RegExp) => {
    await page.goto("/roles");
    await page.getByLabel("Subject type").selectOption({ label: "Role" });
    await page.getByLabel("Role", { exact: true }).selectOption({ label: roleName });
    await page.getByLabel("Resource").selectOption(slug);
    await page.getByLabel("Action").selectOption("list");
    await page.getByRole("combobox", { name: "Record" }).fill(search);
    const matches = page.getByRole("listbox", { name: "Matching records" });
    await matches.getByRole("option", { name: label }).first().click();
    await page.getByRole("button", { name: "Simulate" }).click();
  };
  await simulate("bob", /^Bob/);
  await expect(page.getByText("Not visible to this subject")).toBeVisible();
  await simulate("ada", /^Ada/);
  const seen = page.getByRole("figure", { name: "Record as seen" });
  await expect(seen).toContainText('"teacher": "Ada"');
  await expect(seen).not.toContainText("private-note");

  // The member's view.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: `Continue as ${memberEmail}` }).click();
  // Signed in once the dashboard shows (going on before could land on the sign-in page).
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.goto(`/data/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: slug })).toBeVisible();
  const rows = page.getByRole("table").getByRole("row");
  await expect(page.getByRole("button", { name: "Ada" })).toHaveCount(2);
  await expect(page.getByText("Bob")).toHaveCount(0);
  await expect(rows).toHaveCount(3); // header + the two permitted rows
  expect(await page.content()).not.toContain(secret);
});
