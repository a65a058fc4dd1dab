import type { BenchReport, ResultRow } from "./lib/scenario-result.js";

const headers = ["Scenario / client", "Median", "p95", "Ratio", "CPU/call", "Notes"];

function formatValue(row: ResultRow): string {
  if (row.unit === "ms") return `${row.median.toFixed(row.median < 10 ? 3 : 1)} ms`;
  if (row.unit === "calls/s") return `${Math.round(row.median).toLocaleString("en-US")}/s`;
  if (row.unit === "MiB") return `${row.median.toFixed(1)} MiB`;
  return String(row.median);
}

const ms = (value: number | undefined) => (value === undefined ? "" : `${value.toFixed(value < 10 ? 3 : 1)} ms`);
const ratio = (row: ResultRow) =>
  row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}× ${row.ratioOf ?? ""}`.trim();

/** One plain-text table: a heading line per scenario, then one line per client or measurement. */
export function formatTable(report: BenchReport): string {
  const lines: string[][] = [];
  // A scenario's heading (title, goal, PASS/FAIL) goes above the row at this index.
  const headings = new Map<number, string>();
  for (const scenario of report.scenarios) {
    headings.set(lines.length, `${scenario.title}  [goal: ${scenario.goal}]  ${scenario.pass ? "PASS" : "FAIL"}`);
    for (const row of scenario.rows) {
      lines.push([
        `  ${row.label}`,
        formatValue(row),
        row.p95Ms === undefined ? "" : ms(row.p95Ms),
        ratio(row),
        ms(row.cpuMsPerCall),
        row.note ?? "",
      ]);
    }
  }
  const widths = headers.map((header, column) => Math.max(header.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column >= 1 && column <= 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join("  ")
      .trimEnd();
  const { machine } = report;
  return [
    `qwen-rerank bench${report.smoke ? " (SMOKE: tiny counts, numbers are meaningless)" : ""} — ${machine.cpu}, ${machine.nproc} cores, Node ${machine.node}, ${machine.platform}`,
    "",
    render(headers),
    render(widths.map((width) => "-".repeat(width))),
    ...lines.flatMap((line, index) => (headings.has(index) ? [headings.get(index)!, render(line)] : [render(line)])),
    "",
    "Ratios: each row ÷ the floor (or the ideal); latency and wall time: lower is better; calls/s: higher is better.",
    "The bench measures; it exits 0 whatever PASS/FAIL says.",
  ].join("\n");
}
