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

// qwen3-vl-rerank's quota (docs/dashscope-api.md §4.2): 600 requests and 9,000,000 tokens a minute, which the test
// server enforces per key and per second, as DashScope may: at most 10 requests and 150,000 tokens in any second.
const quota = { requestsPerMinute: 600, tokensPerMinute: 9_000_000 };
const size = 4;
// A grant reaches the server some time after Redis made it. The limiter holds each window this much longer than
// the server's, so a request still on its way is not counted with those granted a window after it. 250 ms keeps 80%
// of the quota over a long run (1000 / 1250); this run's three windows all fit in its 3 s.
const windowMarginMs = 250;

type Count = "calls" | "succeeded" | "requests" | "throttledRetries" | "abortedAtEnd";
const sum = (reports: LoadReport[], field: Count) => reports.reduce((total, report) => total + report[field], 0);
const failureNames = (reports: LoadReport[]) => [...new Set(reports.flatMap((report) => Object.keys(report.failures)))];

describe.skipIf(!redisServerAvailable())(`a fleet of ${size} processes on one account`, () => {
  let redis: RedisServerProcess;
  let server: RerankServer;
  let fleet: Fleet;
  /** A fresh quota and calls, and the time (performance.now() here) every call arrives from now on. */
  const restart = () => {
    server.reset();
    const arrivals: number[] = [];
    server.onCall(() => void arrivals.push(performance.now()));
    return arrivals;
  };

  beforeAll(async () => {
    [redis, server] = await Promise.all([startRedisServer(), startRerankServer({ latencyMs: 5, quota })]);
    fleet = await startFleet({ size, serverUrl: server.url, apiKey: "test-key", redisPort: redis.port });
    await fleet.warmUp(4);
  });
  afterAll(async () => {
    await fleet?.close();
    await server?.close();
    await redis?.stop();
  });

  // The guarantee holds while a request reaches the server within windowMarginMs of its grant. On a 2-core machine
  // shared with other work, one of the 16 callers is now and then held off the CPU for longer, and its request lands
  // in the next window: that is the machine, not the limiter, whose faults would throttle every attempt alike.
  it("shares one quota through Redis: no throttled answer, and at least 80% of the quota used", {
    retry: 2,
  }, async () => {
    restart();
    const durationMs = 3000;
    // Every process is given the account's quota as published: the limiter is the fleet's, not the process's.
    const reports = await fleet.load({
      limiter: "redis",
      ...quota,
      keyPrefix: "fleet-quota:",
      windowMarginMs,
      concurrency: 4,
      durationMs,
    });
    const { admitted, throttledRequests, throttledTokens } = server.quotaStats();
    expect(throttledRequests + throttledTokens).toBe(0);
    expect(sum(reports, "throttledRetries")).toBe(0);
    expect(failureNames(reports)).toEqual([]);
    // 600 a minute is 30 requests in 3 s.
    expect(admitted / ((quota.requestsPerMinute * durationMs) / 60_000)).toBeGreaterThanOrEqual(0.8);
    // Each admitted request is a call's, bar one aborted on the wire as the run ended.
    expect(sum(reports, "requests")).toBeLessThanOrEqual(admitted);
    expect(admitted - sum(reports, "requests")).toBeLessThanOrEqual(sum(reports, "abortedAtEnd"));
    // Every process got a share of the fleet's quota.
    for (const report of reports) expect(report.succeeded).toBeGreaterThan(admitted / size / 3);
  });

  it("answers from a cache one process filled in another, with no request", async () => {
    restart();
    const job = {
      keyPrefix: "fleet-cache:",
      query: "red running shoe",
      documents: ["blue hat", "red running shoe", "trail shoe in red"],
    };
    const first = await fleet.cachedCall(0, job);
    const second = await fleet.cachedCall(3, job);
    expect(first).toMatchObject({ cached: false, requestCount: 1 });
    expect(second).toMatchObject({ cached: true, requestCount: 0 });
    expect(second.ranking).toEqual(expectedRanking(job.query, job.documents).map(({ index }) => index));
    expect(server.calls).toHaveLength(1);
  });

  it("fails every call with RedisUnavailableError in bounded time once Redis is killed, and lets none through", async () => {
    const arrivals = restart();
    const timeoutMs = 300;
    const job = {
      limiter: "redis",
      ...quota,
      keyPrefix: "fleet-kill:",
      timeoutMs,
      concurrency: 4,
      durationMs: 4000,
    } as const;
    // Redis dies once the fleet is sending, not after a fixed wait: a loaded machine may start the run late.
    const sending = new Promise<void>((resolve) => server.onCall(() => void (arrivals.length >= 8 && resolve())));
    const running = fleet.load(job);
    await sending;
    await redis.kill();
    const killedAt = performance.now();
    const reports = await running;
    // A request granted just before the kill may still be on its way; nothing granted after it can exist.
    expect(arrivals.filter((at) => at < killedAt).length).toBeGreaterThan(0);
    expect(arrivals.filter((at) => at > killedAt + 100)).toEqual([]);
    expect(failureNames(reports).length).toBeGreaterThan(0);
    for (const name of failureNames(reports)) expect(name).toMatch(/^(RerankRetryError\()?RedisUnavailableError\)?$/);
    // maxRetries 2: three turns of at most timeoutMs each and two backoffs of at most 0.5 s and 1 s, after at most one
    // request window (1 s + the 100 ms margin) that a call granted nothing yet may have slept before Redis died.
    for (const report of reports) expect(report.slowestFailureMs).toBeLessThan(3 * timeoutMs + 1500 + 1100 + 500);
  });
});
