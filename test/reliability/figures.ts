// Where the reliability tests leave their figures for report.ts. No vitest import: report-cli.ts uses it too.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Gitignored (root .gitignore: `.test-results/`). */
export const resultsDir = path.join(repoRoot, ".test-results");
/** One JSON file per section, written by the test file that owns it. */
export const fragmentsDir = path.join(resultsDir, "reliability");
export const reportJson = path.join(resultsDir, "reliability.json");

/** `RELIABILITY_FULL=1`: the full run (≥ 10,000 generated cases, 10,000 load reranks); otherwise the CI-sized one. */
export const full = process.env.RELIABILITY_FULL === "1";
export const mode: "full" | "default" = full ? "full" : "default";

export type Section = "faults" | "properties" | "load" | "secrets" | "local-files" | "bad-input" | "degrade" | "outage";

/** What every section records about the API key, whatever else it measures. */
export interface SecretFigures {
  /** Errors, results, serializations and events scanned for the key. */
  scanned: number;
  /** Lines written to console.* / process.stdout / process.stderr while the section ran. */
  logLines: number;
  /** Where the key was found; empty when it never was. */
  leaks: string[];
}

export interface Fragment {
  section: Section;
  mode: "full" | "default";
  finishedAt: string;
  durationMs: number;
  secrets: SecretFigures;
  figures: Record<string, unknown>;
}

export function writeFragment(fragment: Fragment): void {
  mkdirSync(fragmentsDir, { recursive: true });
  writeFileSync(path.join(fragmentsDir, `${fragment.section}.json`), `${JSON.stringify(fragment, null, 2)}\n`);
}
