import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/**
 * Creates a development key through the API keys page, checks the plaintext is shown once and
 * copied, then revokes it; returns the plaintext. Shared by both auth modes' specs.
 */
export async function createAndRevokeApiKey(page: Page, name: string): Promise<string> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create key" }).click();

  const keyField = dialog.getByLabel("API key");
  await expect(keyField).toHaveValue(/^af_test_[0-9a-z]{8}_[0-9a-z]{32}$/);
  const key = await keyField.inputValue();
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dialog.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await dialog.getByRole("button", { name: "Done" }).click();

  // The list shows the prefix, never the key.
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(key.slice(0, 16));
  await expect(row).toContainText("active");
  await expect(page.getByText(key)).toHaveCount(0);

  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke API key" });
  await expect(confirm).toContainText(`Revoke key ${name}?`);
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("revoked");
  return key;
}
