// Runs `run.ts --smoke --json` in a child process and checks that it works: every scenario ran and produced
// numbers, and the cost scenario's cache and dedupe did their job. It never checks that anything is fast.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { redisServerAvailable } from "../../packages/redis/src/__tests__/start-redis-server.js";
import type { BenchReport } from "./lib/scenario-result.js";

const testDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx");

async function runSmoke(): Promise<BenchReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", tsx, "bench/run.ts", "--smoke", "--json"],
    {
      cwd: testDir,
      env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) },
      // The fleet scenario starts four more Node processes.
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as BenchReport;
}

describe("pnpm bench --smoke", () => {
  it("runs every scenario, reports numbers, and shows the cache and dedupe savings", { timeout: 65_000 }, async () => {
    const report = await runSmoke();
    expect(report.smoke).toBe(true);
    expect(report.scenarios.map((scenario) => scenario.id)).toEqual([
      "per-call-latency",
      "throughput",
      "fan-out",
      "cost",
      "memory",
      "image-resize",
      // The fleet scenario needs redis-server, which CI always has (redisServerAvailable throws there without it).
      ...(redisServerAvailable() ? ["fleet"] : []),
    ]);

    for (const scenario of report.scenarios) {
      expect(typeof scenario.pass).toBe("boolean");
      expect(scenario.rows.length).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        expect(Number.isFinite(row.median), `${scenario.id} / ${row.label}`).toBe(true);
        for (const value of [row.p95Ms, row.ratio, row.cpuMsPerCall])
          if (value !== undefined) expect(Number.isFinite(value)).toBe(true);
      }
      for (const [name, value] of Object.entries(scenario.metrics)) {
        if (typeof value === "number") expect(Number.isFinite(value), `${scenario.id}.${name}`).toBe(true);
      }
    }

    const latency = report.scenarios.find((scenario) => scenario.id === "per-call-latency")!;
    expect(latency.rows.map((row) => row.label)).toHaveLength(7); // floor, ours, three peers, the A/A control and the dispatch reference
    expect(Number.isFinite(latency.metrics.controlRatio)).toBe(true);
    expect(Number.isFinite(latency.metrics.oursOverReference)).toBe(true);
    expect(latency.rows.find((row) => row.label.startsWith("rerank()"))?.note).toMatch(/× the dispatch reference$/);
    expect(latency.metrics.oursCpuMsPerCall).toBeGreaterThan(0);
    expect(latency.metrics.floorCpuMsPerCall).toBeGreaterThan(0);

    const cost = report.scenarios.find((scenario) => scenario.id === "cost")!.metrics;
    expect(cost.firstTokens).toBeGreaterThan(0);
    expect(cost.firstRequests).toBeGreaterThan(0);
    expect(cost.secondTokens).toBe(0);
    expect(cost.secondRequests).toBe(0);
    expect(cost.secondRequestCount).toBe(0);
    expect(cost.secondCached).toBe(true);
    expect(cost.documentsSent).toBeLessThan(cost.documentsGiven as number);
    expect(cost.everyCopyScored).toBe(true);

    const fleet = report.scenarios.find((scenario) => scenario.id === "fleet");
    if (fleet) {
      expect(fleet.rows.map((row) => row.label)).toEqual([
        "no limiter",
        "createRateLimiter in each process",
        "createRedisRateLimiter (shared)",
      ]);
      // Eight callers with no limiter always outrun 10 requests a second; the shared limiter always gets some through.
      expect(fleet.metrics.noneThrottled).toBeGreaterThan(0);
      expect(fleet.metrics.redisAccepted).toBeGreaterThan(0);
    }

    const fanOut = report.scenarios.find((scenario) => scenario.id === "fan-out")!.metrics;
    expect(fanOut.batches).toBeGreaterThan(1);
    expect(fanOut.documentsSent).toBe(fanOut.documentsGiven);

    const images = report.scenarios.find((scenario) => scenario.id === "image-resize")!.metrics;
    expect(images.photos).toBe(2);
    expect(images.originalWireBytes).toBeGreaterThan(images.photoBytes as number);
    expect(images.resizedWireBytes).toBeLessThan(images.originalWireBytes as number);
  });
});
