// Aggregates the figures the reliability tests leave in .test-results/reliability/*.json into
// .test-results/reliability.json, and formats the one-screen report printed by report-cli.ts.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Fragment, fragmentsDir, reportJson, type Section } from "./figures.js";

const sections: readonly Section[] = [
  "faults",
  "properties",
  "load",
  "secrets",
  "local-files",
  "bad-input",
  "degrade",
  "outage",
];

export interface ReliabilityReport {
  generatedAt: string;
  node: string;
  modes: string[];
  /** Vitest's own count for the run, when report-cli ran it. */
  tests?: { passed: number; failed: number; skipped: number };
  missing: Section[];
  secrets: { scanned: number; logLines: number; leaks: string[] };
  sections: Partial<Record<Section, Fragment>>;
}

export function readFragments(): Fragment[] {
  if (!existsSync(fragmentsDir)) return [];
  return readdirSync(fragmentsDir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(path.join(fragmentsDir, name), "utf8")) as Fragment);
}

/** Builds the report from the fragments and writes it to .test-results/reliability.json. */
export function aggregate(fragments: readonly Fragment[], tests?: ReliabilityReport["tests"]): ReliabilityReport {
  const bySection: Partial<Record<Section, Fragment>> = {};
  for (const fragment of fragments) bySection[fragment.section] = fragment;
  const present = Object.values(bySection);
  const report: ReliabilityReport = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    modes: [...new Set(present.map((fragment) => fragment.mode))],
    ...(tests ? { tests } : {}),
    missing: sections.filter((section) => bySection[section] === undefined),
    secrets: {
      scanned: present.reduce((sum, fragment) => sum + fragment.secrets.scanned, 0),
      logLines: present.reduce((sum, fragment) => sum + fragment.secrets.logLines, 0),
      leaks: present.flatMap((fragment) => fragment.secrets.leaks.map((leak) => `${fragment.section}: ${leak}`)),
    },
    sections: bySection,
  };
  writeFileSync(reportJson, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

const n = (value: unknown) => (typeof value === "number" ? value.toLocaleString("en-US") : "?");
const pad = (label: string) => label.padEnd(15);

/** The one-screen text: a line or three per item of the issue. */
export function formatReport(report: ReliabilityReport): string {
  const lines: string[] = [];
  const s = report.sections;
  const figures = (section: Section): Record<string, unknown> => s[section]?.figures ?? {};
  const seconds = Math.round(Object.values(s).reduce((sum, fragment) => sum + fragment.durationMs, 0) / 1000);
  const tests = report.tests ? `; vitest ${report.tests.passed} passed, ${report.tests.failed} failed` : "";
  lines.push(
    `Reliability report (${report.modes.join("+") || "no"} run, ${report.generatedAt.slice(0, 16)}Z, Node ${report.node}, ${seconds} s in tests${tests})`,
  );

  const f = figures("faults");
  if (s.faults) {
    const once = f.onceThenOk as { cases: number; passed: number };
    const always = f.everyTime as { cases: number; typedErrors: number };
    lines.push(
      `1 ${pad("Fault matrix")}${(f.faults as string[]).length} faults x ${(f.surfaces as string[]).length} surfaces (${(f.surfaces as string[]).join(", ")})`,
    );
    lines.push(
      `  ${pad("")}fault once -> right ranking ${once.passed}/${once.cases}; fault every time -> typed error ${always.typedErrors}/${always.cases}`,
    );
    lines.push(
      `  ${pad("")}wrong order ${n(f.wrongOrder)}, lost ${n(f.lost)}, duplicated ${n(f.duplicated)}; ${n(f.requests)} requests, ${n(f.retries)} retries`,
    );
    const timings = (f.timeoutPrecision as Array<{ timeoutMs: number; elapsedMs: number }> | undefined) ?? [];
    if (timings.length > 0) {
      const list = (key: "timeoutMs" | "elapsedMs") => timings.map((timing) => timing[key]).join("/");
      lines.push(
        `  ${pad("")}a hang gives RerankTimeoutError after ${list("elapsedMs")} ms for timeoutMs ${list("timeoutMs")}`,
      );
    }
  }
  const p = figures("properties");
  if (s.properties) {
    lines.push(
      `2 ${pad("Properties")}${n(p.cases)} generated cases, ${n(p.documents)} documents of ${Object.keys((p.kinds as object | undefined) ?? {}).length} kinds, ${n(p.requests)} requests`,
    );
    lines.push(
      `  ${pad("")}${n(p.multiBatchCases)} split into 2-${n(p.maxBatches)} batches; ${n(p.faultsInjected)} faults -> ${n(p.retries)} retries; counterexamples ${n(p.counterexamples)}`,
    );
  }
  const l = figures("load");
  if (s.load) {
    const heap = l.heap as { afterMB: number[] };
    const latency = l.latencyMs as { p50: number; p99: number };
    lines.push(
      `3 ${pad("Load")}${n(l.calls)} reranks, ${n(l.concurrency)} in flight, ${n(l.requests)} requests, ${n(l.faultsInjected)} faults injected, ${n(l.retries)} retries`,
    );
    lines.push(
      `  ${pad("")}right ${n(l.right)}, wrong ${n(l.wrong)}, failures surfaced ${n(l.failuresSurfaced)}, lost ${n(l.lost)}; ${n(l.reranksPerSecond)}/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms`,
    );
    lines.push(
      `  ${pad("")}heap after GC ${heap.afterMB[0]} MB at 25% -> ${heap.afterMB[1]} MB at 100% (${n(l.heapBytesPerCall)} B/call, limit ${n(l.maxBytesPerCall)})`,
    );
  }
  lines.push(
    `4 ${pad("Secrets")}API key found ${report.secrets.leaks.length} times in ${n(report.secrets.scanned)} errors/results/serializations and ${n(report.secrets.logLines)} log lines`,
  );
  const sf = figures("secrets");
  if (s.secrets) {
    lines.push(
      `  ${pad("")}(${n(sf.serializations)} compressor/postprocessor/provider dumps, ${n(sf.errors)} misuse errors, ${n(sf.echoes)} echoing proxies)`,
    );
  }
  const lf = figures("local-files");
  if (s["local-files"]) {
    lines.push(
      `5 ${pad("Local files")}${n(lf.refused)} escape attempts refused (InvalidArgumentError), ${n(lf.requestsForRefused)} requests sent for them,`,
    );
    lines.push(
      `  ${pad("")}secret bytes on the wire ${n(lf.secretBytesOnWire)}, FIFOs opened ${n(lf.fifoOpened)}; ${n(lf.skippedUnread)} LlamaIndex paths skipped unread without roots`,
    );
  }
  const b = figures("bad-input");
  if (s["bad-input"]) {
    const bySurface = b.bySurface as Record<string, number>;
    const designed = (b.designed as string[]).length;
    lines.push(
      `6 ${pad("Bad input")}${n(b.cases)} cases (${Object.entries(bySurface)
        .map(([surface, count]) => `${count} ${surface}`)
        .join(", ")}): ${n(b.refused)} refused before any request, ${designed} handled by design`,
    );
  }
  const d = figures("degrade");
  if (s.degrade) {
    lines.push(
      `7 ${pad("Degrade")}${(d.outages as string[]).length} outages: passthrough kept LangChain RAG chain + LlamaIndex query engine answering ${n(d.passthroughAnswered)}/${n(d.passthroughCases)},`,
    );
    lines.push(
      `  ${pad("")}onError "throw" surfaced the typed error ${n(d.throwSurfaced)}/${n(d.throwCases)}; both recovered when the service came back`,
    );
  }
  const o = figures("outage");
  if (s.outage) {
    lines.push(
      `8 ${pad("Outage")}${n(o.calls)} calls, ${n(o.concurrency)} in flight, every answer a 503: ${o.requestsPerCall} requests per call with the retry budget, ${o.requestsPerCallWithoutBudget} without`,
    );
    lines.push(
      `  ${pad("")}service back: the next call answered in ${n(o.recoveryMs)} ms with one request; ${n(o.failedAfterRecovery)} of ${n(o.calls)} failed after`,
    );
  }
  if (report.missing.length > 0) lines.push(`Missing sections (not run or crashed): ${report.missing.join(", ")}`);
  if (report.secrets.leaks.length > 0) lines.push(...report.secrets.leaks.map((leak) => `LEAK ${leak.slice(0, 150)}`));
  return lines.join("\n");
}
