// Prints one plain closing line per test runner from its JSON report, e.g. "vitest: 31 passed, 0
// failed" (CI reads such lines; neither Vitest's nor Playwright's own summary has that shape).
//   node scripts/ci-summary.mjs vitest test-results/vitest.json
//   node scripts/ci-summary.mjs playwright test-results/playwright.json
import { readFileSync } from "node:fs";

const [runner, file] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, "utf8"));
let passed;
let failed;
let skipped;
if (runner === "vitest") {
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
} else if (runner === "playwright") {
  passed = report.stats.expected + report.stats.flaky;
  failed = report.stats.unexpected;
  skipped = report.stats.skipped;
} else {
  throw new Error(`unknown runner ${runner}`);
}
console.log(
  `${runner}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`,
);
