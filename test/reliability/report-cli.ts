// `pnpm --filter @qwen-rerank/test-suite run reliability`: runs test/reliability in full mode (RELIABILITY_FULL=1),
// then prints the one-screen report and writes .test-results/reliability.json.
//   --default   the CI-sized run instead of the full one
//   --no-run    only report the figures of the last run
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fragmentsDir, repoRoot, resultsDir } from "./figures.js";
import { aggregate, formatReport, readFragments } from "./report.js";

const argv = process.argv.slice(2);
let status = 0;
let tests: { passed: number; failed: number; skipped: number } | undefined;

if (!argv.includes("--no-run")) {
  rmSync(fragmentsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const json = path.join(resultsDir, "reliability-vitest.json");
  rmSync(json, { force: true });
  const run = spawnSync(
    "pnpm",
    ["exec", "vitest", "run", "test/reliability", "--reporter=dot", "--reporter=json", `--outputFile.json=${json}`],
    {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, ...(argv.includes("--default") ? {} : { RELIABILITY_FULL: "1" }) },
    },
  );
  status = run.status ?? 1;
  if (existsSync(json)) {
    const result = JSON.parse(readFileSync(json, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
    };
    tests = { passed: result.numPassedTests, failed: result.numFailedTests, skipped: result.numPendingTests };
  }
}

const report = aggregate(readFragments(), tests);
console.log(`\n${formatReport(report)}\n`);
if (report.missing.length > 0 || report.secrets.leaks.length > 0) status ||= 1;
process.exit(status);
