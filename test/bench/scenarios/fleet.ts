import { startRerankServer } from "@qwen-rerank/testing";
import { startRedisServer } from "../../../packages/redis/src/__tests__/start-redis-server.js";
import { type LoadJob, type LoadReport, startFleet } from "../../fleet/fleet.js";
import type { BenchConfig } from "../bench-config.js";
import type { ResultRow, ScenarioResult } from "../lib/scenario-result.js";

const modes: Array<{ limiter: LoadJob["limiter"]; label: string }> = [
  { limiter: "none", label: "no limiter" },
  { limiter: "local", label: "createRateLimiter in each process" },
  { limiter: "redis", label: "createRedisRateLimiter (shared)" },
];

const total = (reports: LoadReport[], pick: (report: LoadReport) => number) =>
  reports.reduce((sum, report) => sum + pick(report), 0);

/**
 * Scenario 7: `processes` processes, each with `concurrency` callers, on one account's quota (the test server's
 * per-second RPM, as DashScope may enforce it), with no limiter, one in-process limiter per process, and the Redis
 * limiter they share. Counts what the server accepted and throttled, and how long the run took.
 */
export async function fleet(config: BenchConfig["fleet"]): Promise<ScenarioResult> {
  const { requestsPerMinute, processes, concurrency, durationMs } = config;
  const [redis, server] = await Promise.all([
    startRedisServer(),
    startRerankServer({ quota: { requestsPerMinute }, cannedResponse: true, recordCalls: false }),
  ]);
  const workers = await startFleet({
    size: processes,
    serverUrl: server.url,
    apiKey: "test-key",
    redisPort: redis.port,
  });
  // The most the server's sliding window admits in the run: N = ⌊RPM/60⌋ in every window of N × 60,000 / RPM ms.
  const perWindow = Math.max(1, Math.floor(requestsPerMinute / 60));
  const allowed = perWindow * Math.ceil(durationMs / ((perWindow * 60_000) / requestsPerMinute));
  const rows: ResultRow[] = [];
  const metrics: Record<string, number> = {};
  try {
    await workers.warmUp(concurrency);
    for (const [index, { limiter, label }] of modes.entries()) {
      server.reset();
      const start = performance.now();
      const job = { limiter, requestsPerMinute, keyPrefix: `bench-${index}:`, concurrency, durationMs };
      const reports = await workers.load(job);
      const seconds = (performance.now() - start) / 1000;
      const { admitted, throttledRequests, throttledTokens } = server.quotaStats();
      const throttled = throttledRequests + throttledTokens;
      const failed = total(reports, (report) => Object.values(report.failures).reduce((sum, count) => sum + count, 0));
      const quotaShare = admitted / allowed;
      rows.push({
        label,
        median: admitted,
        unit: "count",
        note: `${throttled} throttled (429), ${failed} calls failed, ${(100 * quotaShare).toFixed(0)}% of the ${allowed} the quota allows, ${seconds.toFixed(1)} s`,
      });
      Object.assign(metrics, { [`${limiter}Accepted`]: admitted, [`${limiter}Throttled`]: throttled });
      const retries = total(reports, (report) => report.throttledRetries);
      Object.assign(metrics, {
        [`${limiter}Failed`]: failed,
        [`${limiter}Seconds`]: seconds,
        [`${limiter}Retries`]: retries,
      });
    }
  } finally {
    await workers.close();
    await server.close();
    await redis.stop();
  }
  return {
    id: "fleet",
    title: `7. fleet: ${processes} processes × ${concurrency} callers on one quota of ${requestsPerMinute} RPM, ${durationMs / 1000} s`,
    goal: "shared limiter: 0 throttled, ≥ 80% of the quota accepted",
    pass:
      metrics.redisThrottled === 0 && (metrics.redisAccepted ?? 0) >= 0.8 * ((requestsPerMinute * durationMs) / 60_000),
    rows,
    metrics,
  };
}
