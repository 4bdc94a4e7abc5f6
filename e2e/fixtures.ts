import { test as base, expect } from "@playwright/test";

// Every page test runs offline: requests to anything but this machine are aborted, so a stray
// call to a CDN or an analytics host fails loudly instead of hanging.
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
    await use(page);
  },
});

export { expect };
