import { expect, signUpLocally, test } from "./fixtures";

// The business-data flow of the dashboard: a type with a JSON Schema, records through the form
// generated from it (with the server's validation shown at the field), search, a relation, and
// the record's timeline.

const schema = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", title: "Full name" },
    email: { type: "string", format: "email" },
    grade: { type: "integer" },
  },
};

test("create a type, add records through the generated form, search, link, and read the timeline", async ({
  page,
}) => {
  await signUpLocally(page);
  await page.goto("/data");
  await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();

  await page.getByRole("button", { name: "New entity type" }).click();
  const typeDialog = page.getByRole("dialog", { name: "New entity type" });
  await typeDialog.getByLabel(/^Name/).fill("Student");
  const editor = typeDialog.getByLabel("JSON Schema");
  await editor.fill('{ "type": "object", "properties": ');
  await expect(typeDialog.getByRole("alert")).toBeVisible();
  await editor.fill(JSON.stringify(schema, null, 2));
  await expect(typeDialog.getByRole("status").filter({ hasText: "Valid schema" })).toBeVisible();
  await typeDialog.getByLabel("Search fields").fill("name");
  await typeDialog.getByLabel("List fields").fill("name, grade");
  await typeDialog.getByRole("button", { name: "Create entity type" }).click();
  await expect(typeDialog).toBeHidden();

  await page.getByRole("link", { name: "Student" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Student" })).toBeVisible();

  // The server's schema validation is shown at the field.
  await page.getByRole("button", { name: "New Student" }).click();
  let form = page.getByRole("dialog", { name: "New Student" });
  await form.getByLabel("Full name").fill("Ada Lovelace");
  await form.getByLabel("email").fill("not-an-email");
  await form.getByLabel("grade").fill("7");
  await form.getByRole("button", { name: "Create Student" }).click();
  await expect(form.getByText(/data\.email: must match format "email"/)).toBeVisible();
  await form.getByLabel("email").fill("ada@example.test");
  await form.getByRole("button", { name: "Create Student" }).click();
  await expect(form).toBeHidden();

  await page.getByRole("button", { name: "New Student" }).click();
  form = page.getByRole("dialog", { name: "New Student" });
  await form.getByLabel("Full name").fill("Alan Turing");
  await form.getByRole("button", { name: "Create Student" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole("button", { name: "Alan Turing" })).toBeVisible();

  // Prefix search on the last word.
  await page.getByLabel("Search").fill("lovel");
  await expect(page.getByRole("button", { name: "Ada Lovelace" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Alan Turing" })).toHaveCount(0);

  await page.getByRole("button", { name: "Ada Lovelace" }).click();
  const detail = page.getByRole("dialog", { name: "Ada Lovelace" });
  await detail.getByLabel("Relation type").fill("knows");
  await detail.getByLabel("Target entity").fill("alan");
  await detail.getByRole("option", { name: /Alan Turing/ }).click();
  await detail.getByRole("button", { name: "Link entity" }).click();
  await expect(detail.getByText("Alan Turing")).toBeVisible();

  const timeline = detail.getByRole("list", { name: "Events" });
  await expect(timeline).toContainText("entity.linked");
  await expect(timeline).toContainText("student.created");
});
