// `pnpm test`: builds the packages, runs vitest once, and ends with the plain `N passed, N failed` line CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit" }).status ?? 1;

if (process.env.SKIP_BUILD !== "1" && run("pnpm", ["run", "build"]) !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

mkdirSync(".test-results", { recursive: true });
const report = ".test-results/vitest.json";
rmSync(report, { force: true });
const status = run("pnpm", [
  "exec",
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed = result.numPassedTests;
  failed = result.numFailedTests;
  skipped = result.numPendingTests + result.numTodoTests;
  // A file that fails to load has no tests to count, but it is a failure all the same.
  for (const file of result.testResults ?? [])
    if (file.status === "failed" && file.assertionResults.length === 0) failed++;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
