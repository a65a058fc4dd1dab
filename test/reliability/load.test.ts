import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { full, repoRoot } from "./figures.js";
import { apiKey, useReliability } from "./helpers.js";

// Item 3: the load run needs `--expose-gc`, which vitest's workers do not have, so it runs as a child process
// (load-run.ts) and this test checks the JSON it prints.

const run = promisify(execFile);
const calls = Number(process.env.RELIABILITY_LOAD_CALLS ?? (full ? 10_000 : 1_500));
// Heap growth between 25% and 100% of the calls, per call made in between. Noise is ~70 B in the full run; a
// leak of one 300-character string per call shows as ~350 B. The short CI run is noisier, so only a gross leak fails it.
const maxBytesPerCall = full ? 200 : 3_000;

interface LoadFigures {
  calls: number;
  concurrency: number;
  faultRate: number;
  resolved: number;
  right: number;
  wrong: number;
  failuresSurfaced: number;
  failuresUntyped: number;
  failuresUnexplained: number;
  lost: number;
  requests: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  retries: number;
  retriesByCode: Record<string, number>;
  secretLeaks: number;
  latencyMs: { p50: number; p99: number; max: number };
  heap: { gcExposed: boolean; afterMB: number[]; growthMB: number; growthPercent: number };
  durationMs: number;
  reranksPerSecond: number;
  examples: string[];
}

describe(`load: ${calls} reranks, 64 in flight, 5% of requests faulted`, () => {
  const reliability = useReliability("load");

  it("resolves every call with the right result, loses none, and keeps the heap flat", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        "test/reliability/load-run.ts",
        "--json",
        "--calls",
        String(calls),
        "--concurrency",
        "64",
        "--fault-rate",
        "0.05",
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, DASHSCOPE_API_KEY: apiKey },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 540_000,
      },
    );
    expect(reliability.scan("load run output", `${stdout}\n${stderr}`)).toBeUndefined();
    const figures = JSON.parse(stdout.trim().split("\n").at(-1)!) as LoadFigures;
    const bytesPerCall = Math.round((figures.heap.growthMB * 1024 * 1024) / (calls * 0.75));
    Object.assign(reliability.figures, { ...figures, heapBytesPerCall: bytesPerCall, maxBytesPerCall });

    expect(figures.examples).toEqual([]);
    expect(figures.resolved + figures.failuresSurfaced).toBe(calls);
    expect(figures.lost).toBe(0);
    expect(figures.wrong).toBe(0);
    expect(figures.right).toBe(figures.resolved);
    expect(figures.failuresUntyped).toBe(0);
    expect(figures.failuresUnexplained).toBe(0);
    expect(figures.secretLeaks).toBe(0);
    // About 5% of the requests drew a fault, and each one cost exactly one retry (none was taken for a success).
    expect(figures.faultsInjected / figures.requests).toBeGreaterThan(0.03);
    expect(figures.faultsInjected / figures.requests).toBeLessThan(0.07);
    expect(figures.retries).toBeGreaterThanOrEqual(figures.faultsInjected - figures.failuresSurfaced);
    expect(figures.heap.gcExposed).toBe(true);
    expect(bytesPerCall).toBeLessThan(maxBytesPerCall);
  }, 600_000);
});
