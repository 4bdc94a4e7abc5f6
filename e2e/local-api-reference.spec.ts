import { expect, signUpLocally, test, unique } from "./fixtures";

// The API reference page, rendered from the OpenAPI document on the server (offline: the
// fixture aborts every request to another host), and the code samples of the API keys page.

test("the API reference lists every route, with its schemas and examples", async ({ page }) => {
  await signUpLocally(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "API reference", exact: true }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();

  const route = "POST /v1/agents/{slug}/chat";
  await expect(page.getByRole("heading", { level: 2, name: route, exact: true })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Routes" })
    .getByRole("link", { name: route, exact: true })
    .click();
  await expect(page).toHaveURL(/#post-v1-agents-slug-chat$/);
  const section = page.getByRole("region", { name: route, exact: true });
  await expect(
    section.getByRole("group", { name: "Request schema (application/json)" }),
  ).toContainText("externalThreadId");
  await expect(section.getByRole("figure", { name: "Request example: ChatBody" })).toContainText(
    '"message"',
  );
  await expect(section).toContainText("idempotency_in_progress");
  for (const path of ["/v1/threads/{threadId}/messages", "/v1/openapi.json", "/health"])
    await expect(page.getByRole("heading", { level: 2, name: path })).toBeVisible();

  // The document the page is rendered from, served without a key.
  const response = await page.request.get("/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = await response.json();
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/v1/agents/{slug}/chat");
});

test("the API keys page offers curl and useChat samples for the chosen agent", async ({
  page,
  baseURL,
}) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUpLocally(page);
  const name = unique("Snippets");
  const created = await page.request.post("/api/trpc/agents.create", { data: { json: { name } } });
  expect(created.ok(), await created.text()).toBe(true);
  const { slug } = (await created.json()).result.data.json as { slug: string };

  await page.goto("/api-keys");
  const card = page.getByRole("region", { name: "Call the API" });
  await card.getByLabel("Agent").selectOption(slug);
  const curl = card.getByRole("figure", { name: "curl" });
  await expect(curl).toContainText(`${baseURL}/v1/agents/${slug}/chat`);
  await expect(curl).toContainText("Authorization: Bearer af_test_...");
  await expect(card.getByRole("figure", { name: "useChat (React)" })).toContainText(
    "new DefaultChatTransport",
  );
  await card.getByRole("button", { name: "Copy curl" }).click();
  await expect(card.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    `/v1/agents/${slug}/chat`,
  );

  // Right after creating a key, the samples carry it (shown once, like the key).
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(unique("key"));
  await dialog.getByRole("button", { name: "Create key" }).click();
  const key = await dialog.getByLabel("API key").inputValue();
  await expect(dialog.getByRole("figure", { name: "curl" })).toContainText(`Bearer ${key}`);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(key)).toHaveCount(0);
});
