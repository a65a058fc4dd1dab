/** One line of the table. Numbers stay numbers here; format-table.ts decides how they look. */
export interface ResultRow {
  label: string;
  /** The median (or the single measured value), in `unit`. */
  median: number;
  unit: "ms" | "calls/s" | "MiB" | "count";
  /** p95 of the per-call latency in ms, when there are per-call samples. */
  p95Ms?: number;
  /** `median` divided by the reference named in `ratioOf` (for calls/s: ours over theirs). */
  ratio?: number;
  ratioOf?: "floor" | "ideal" | "base64 payload" | "as given";
  /** Client CPU time per call, in ms (process.cpuUsage). */
  cpuMsPerCall?: number;
  /** Free text, e.g. "10 batches, 2 waves". */
  note?: string;
}

export interface ScenarioResult {
  id: "per-call-latency" | "throughput" | "fan-out" | "cost" | "memory" | "image-resize" | "fleet";
  title: string;
  /** The goal in words, e.g. "median ≤ 1.10× floor". */
  goal: string;
  pass: boolean;
  rows: ResultRow[];
  /** Scenario-specific figures for --json consumers (the smoke test reads these). */
  metrics: Record<string, number | boolean | string>;
}

/** Machine and mode, printed above the table. */
export interface BenchReport {
  machine: { nproc: number; cpu: string; node: string; platform: string };
  smoke: boolean;
  scenarios: ScenarioResult[];
}
