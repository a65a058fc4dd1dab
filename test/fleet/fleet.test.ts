// Four processes, one DashScope account: the quota is shared through createRedisRateLimiter, the answers through
// createRedisCache, and a Redis that dies mid-run fails calls in bounded time instead of letting them burst.
import { expectedRanking, type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RedisServerProcess,
  redisServerAvailable,
  startRedisServer,
} from "../../packages/redis/src/__tests__/start-redis-server.js";
import { type Fleet, type LoadReport, startFleet } from "./fleet.js";
import { quotaRule } from "./quota-rule.js";

// qwen3-vl-rerank's quota (docs/dashscope-api.md §4.2): 600 a minute, so 10 a second and 10 at once.
const quota = { requestsPerMinute: 600, tokensPerMinute: 9_000_000 };
// The fleet's limiter is set 10% under it: requests granted at the same instant reach the service with different
// delays, and a limiter at exactly the quota would see some of them counted in the same second.
const limiter = { requestsPerMinute: 540, tokensPerMinute: 8_100_000 };
const size = 4;

type Count = "calls" | "succeeded" | "requests" | "throttledRetries" | "abortedAtEnd";
const sum = (reports: LoadReport[], field: Count) => reports.reduce((total, report) => total + report[field], 0);
const failureNames = (reports: LoadReport[]) => [...new Set(reports.flatMap((report) => Object.keys(report.failures)))];

describe.skipIf(!redisServerAvailable())(`a fleet of ${size} processes on one account`, () => {
  let redis: RedisServerProcess;
  let server: RerankServer;
  let fleet: Fleet;
  const account = quotaRule(quota.requestsPerMinute);

  beforeAll(async () => {
    [redis, server] = await Promise.all([startRedisServer(), startRerankServer({ latencyMs: 5 })]);
    server.onCall(account.rule);
    fleet = await startFleet({ size, serverUrl: server.url, apiKey: "test-key", redisPort: redis.port });
  });
  afterAll(async () => {
    await fleet?.close();
    await server?.close();
    await redis?.stop();
  });

  it("shares one quota through Redis: no throttled answer, and at least 80% of the quota used", async () => {
    account.reset();
    const durationMs = 3000;
    const reports = await fleet.load({
      limiter: "redis",
      ...limiter,
      keyPrefix: "fleet-quota:",
      concurrency: 4,
      durationMs,
    });
    const accepted = account.arrivals.filter((arrival) => !arrival.throttled).length;
    const throttled = account.arrivals.length - accepted;
    // What the account allows over the run: one second's worth at once, then 10 a second.
    const allowance = quota.requestsPerMinute / 60 + (quota.requestsPerMinute / 60_000) * durationMs;
    expect(throttled).toBe(0);
    expect(sum(reports, "throttledRetries")).toBe(0);
    expect(failureNames(reports)).toEqual([]);
    expect(accepted / allowance).toBeGreaterThanOrEqual(0.8);
    // Each accepted request is a call's, bar one aborted on the wire as the run ended.
    expect(sum(reports, "requests")).toBeLessThanOrEqual(accepted);
    expect(accepted - sum(reports, "requests")).toBeLessThanOrEqual(sum(reports, "abortedAtEnd"));
    // Every process got a share: the quota is the fleet's, not the fastest process's.
    for (const report of reports) expect(report.succeeded).toBeGreaterThan(accepted / size / 3);
  });

  it("answers from a cache one process filled in another, with no request", async () => {
    const job = {
      keyPrefix: "fleet-cache:",
      query: "red running shoe",
      documents: ["blue hat", "red running shoe", "trail shoe in red"],
    };
    const before = server.calls.length;
    const first = await fleet.cachedCall(0, job);
    const second = await fleet.cachedCall(3, job);
    expect(first).toMatchObject({ cached: false, requestCount: 1 });
    expect(second).toMatchObject({ cached: true, requestCount: 0 });
    expect(second.ranking).toEqual(expectedRanking(job.query, job.documents).map(({ index }) => index));
    expect(server.calls.length - before).toBe(1);
  });

  it("fails every call with RedisUnavailableError in bounded time once Redis is killed, and lets none through", async () => {
    account.reset();
    const timeoutMs = 300;
    const running = fleet.load({
      limiter: "redis",
      ...limiter,
      keyPrefix: "fleet-kill:",
      timeoutMs,
      concurrency: 4,
      durationMs: 2000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await redis.kill();
    const killedAt = performance.now();
    const reports = await running;
    const before = account.arrivals.filter((arrival) => arrival.at < killedAt).length;
    // A request granted just before the kill may still be on its way; nothing granted after it can exist.
    const after = account.arrivals.filter((arrival) => arrival.at > killedAt + 100);
    expect(before).toBeGreaterThan(0);
    expect(after).toEqual([]);
    expect(account.arrivals.some((arrival) => arrival.throttled)).toBe(false);
    expect(failureNames(reports).length).toBeGreaterThan(0);
    for (const name of failureNames(reports)) expect(name).toMatch(/^(RerankRetryError\()?RedisUnavailableError\)?$/);
    // maxRetries 2: three turns of at most timeoutMs each, and two backoffs of at most 0.5 s and 1 s.
    for (const report of reports) expect(report.slowestFailureMs).toBeLessThan(3 * timeoutMs + 1500 + 500);
  });
});
