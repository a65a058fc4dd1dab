import { InvalidArgumentError, RerankNetworkError } from "@qwen-rerank/core";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RedisServerProcess, redisServerAvailable, startRedisServer } from "./__tests__/start-redis-server.js";
import { createRedisRateLimiter } from "./create-redis-rate-limiter.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";

const one = { requests: 1, tokens: 0 };
const elapsedSince = (start: number) => performance.now() - start;

describe.skipIf(!redisServerAvailable())("createRedisRateLimiter against a real redis-server", () => {
  let server: RedisServerProcess;
  let redis: Redis;
  let other: Redis;
  let prefix = 0;
  // A key of its own for every test, so no test inherits another's bucket.
  const keyPrefix = () => `test-${++prefix}:`;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.port, "127.0.0.1");
    other = new Redis(server.port, "127.0.0.1");
  });
  afterAll(async () => {
    redis?.disconnect();
    other?.disconnect();
    await server?.stop();
  });

  const scriptCalls = async () => {
    const stats = String(await redis.call("INFO", "commandstats"));
    return [...stats.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
  };

  it("lets one second's worth through at once, then paces the rest at RPM/60 a second", async () => {
    // 1,200 a minute: 20 at once, then one every 50 ms.
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 1200, keyPrefix: keyPrefix() });
    const start = performance.now();
    for (let i = 0; i < 20; i++) await limiter.acquire(one);
    const burst = elapsedSince(start);
    for (let i = 0; i < 4; i++) await limiter.acquire(one);
    expect(burst).toBeLessThan(150);
    // The bucket was full at the first grant: the 24th can start no sooner than 4 × 50 ms after it.
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(198);
    expect(elapsedSince(start)).toBeLessThan(600);
  });

  it("is one quota for every client and process on the same key, and another for another prefix", async () => {
    const shared = keyPrefix();
    const options = { requestsPerMinute: 600, keyPrefix: shared };
    const limiters = [
      createRedisRateLimiter({ redis, ...options }),
      createRedisRateLimiter({ redis: other, ...options }),
      createRedisRateLimiter({ redis: other, requestsPerMinute: 600, keyPrefix: keyPrefix() }),
    ];
    const granted = [0, 0, 0];
    const start = performance.now();
    const until = start + 300;
    await Promise.all(
      limiters.map(async (limiter, index) => {
        for (;;) {
          await limiter.acquire(one);
          if (performance.now() > until) return;
          granted[index]!++;
        }
      }),
    );
    // 10 at once and 10 a second: in 300 ms the two sharing a key get 13 between them, the other 13 alone.
    expect(granted[0]! + granted[1]!).toBeGreaterThanOrEqual(12);
    expect(granted[0]! + granted[1]!).toBeLessThanOrEqual(14);
    expect(granted[2]).toBeGreaterThanOrEqual(12);
    expect(granted[2]).toBeLessThanOrEqual(14);
  });

  it("counts tokens per second too, and a request over one second's tokens waits for a full bucket and leaves a debt", async () => {
    // 60,000 tokens a minute: 1,000 at once, then one a millisecond.
    const limiter = createRedisRateLimiter({
      redis,
      requestsPerMinute: 60_000,
      tokensPerMinute: 60_000,
      keyPrefix: keyPrefix(),
    });
    const start = performance.now();
    await limiter.acquire({ requests: 1, tokens: 1300 });
    expect(elapsedSince(start)).toBeLessThan(100);
    await limiter.acquire({ requests: 1, tokens: 100 });
    // 300 tokens of debt and 100 more to pay: 400 ms.
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(390);
    expect(elapsedSince(start)).toBeLessThan(900);
  });

  it("serves a process's callers in arrival order", async () => {
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 1200, keyPrefix: keyPrefix() });
    for (let i = 0; i < 20; i++) await limiter.acquire(one);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((index) => limiter.acquire(one).then(() => order.push(index))));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("pauses the whole fleet on backOff, and waits as long as Redis says instead of polling", async () => {
    const shared = keyPrefix();
    const first = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: shared });
    const second = createRedisRateLimiter({ redis: other, requestsPerMinute: 600, keyPrefix: shared });
    await first.backOff?.(300);
    const calls = await scriptCalls();
    const start = performance.now();
    await second.acquire(one);
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(280);
    expect(elapsedSince(start)).toBeLessThan(700);
    // One answer "wait ~300 ms", one grant: nothing in between.
    expect((await scriptCalls()) - calls).toBe(2);
  });

  it("gives up a turn on abort, with the signal's reason, and the next caller still gets its turn", async () => {
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: keyPrefix() });
    await limiter.backOff?.(250);
    const controller = new AbortController();
    const start = performance.now();
    const aborted = limiter.acquire(one, controller.signal);
    const next = limiter.acquire(one);
    setTimeout(() => controller.abort(new Error("caller gave up")), 20);
    await expect(aborted).rejects.toThrow("caller gave up");
    expect(elapsedSince(start)).toBeLessThan(200);
    await next;
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(230);
    await expect(limiter.acquire(one, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("loads its script again after Redis forgot it (SCRIPT FLUSH, a restart, a failover)", async () => {
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: keyPrefix() });
    await limiter.acquire(one);
    await redis.call("SCRIPT", "FLUSH");
    await limiter.acquire(one);
    const level = Number(await redis.call("HGET", `test-${prefix}:rate-limit`, "r"));
    expect(level).toBeGreaterThan(7.9);
    expect(level).toBeLessThan(8.5);
  });

  it("works with a node-redis client on the same quota", async () => {
    const client = createClient({ url: server.url });
    await client.connect();
    try {
      const shared = keyPrefix();
      const viaNodeRedis = createRedisRateLimiter({ redis: client, requestsPerMinute: 600, keyPrefix: shared });
      const viaIORedis = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: shared });
      for (let i = 0; i < 5; i++) await viaNodeRedis.acquire(one);
      for (let i = 0; i < 5; i++) await viaIORedis.acquire(one);
      const start = performance.now();
      await viaNodeRedis.acquire(one);
      expect(elapsedSince(start)).toBeGreaterThanOrEqual(60);
    } finally {
      client.destroy();
    }
  });

  it("refuses bad options with an InvalidArgumentError before any command", () => {
    for (const requestsPerMinute of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => createRedisRateLimiter({ redis, requestsPerMinute })).toThrow(InvalidArgumentError);
    expect(() => createRedisRateLimiter({ redis, requestsPerMinute: 600, tokensPerMinute: 0 })).toThrow(
      /tokensPerMinute/,
    );
    expect(() => createRedisRateLimiter({ redis, requestsPerMinute: 600, timeoutMs: -5 })).toThrow(/timeoutMs/);
    expect(() => createRedisRateLimiter({ redis: {} as Redis, requestsPerMinute: 600 })).toThrow(/ioredis/);
  });
});

describe.skipIf(!redisServerAvailable())("createRedisRateLimiter when Redis is unreachable", () => {
  const clients: Array<{ disconnect(): void }> = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it("fails a turn with a RedisUnavailableError within timeoutMs, never a hang, and names no password", async () => {
    const server = await startRedisServer();
    await server.stop();
    // Nothing listens there any more; ioredis queues commands while it retries the connection.
    const redis = new Redis({ host: "127.0.0.1", port: server.port, password: "s3cret-password" });
    redis.on("error", () => undefined);
    clients.push(redis);
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 600, timeoutMs: 200 });
    const start = performance.now();
    const error = await limiter.acquire(one).catch((caught: unknown) => caught);
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(195);
    expect(elapsedSince(start)).toBeLessThan(500);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(RerankNetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "RERANK_ERR_NETWORK",
      operation: "rate limiter",
      url: `redis://127.0.0.1:${server.port}`,
      timeoutMs: 200,
      networkCode: "ETIMEDOUT",
      isRetryable: true,
    });
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain("s3cret");
    // A back-off Redis cannot store still holds this process back, and does not fail the call.
    await expect(limiter.backOff?.(150)).resolves.toBeUndefined();
  });

  it("fails every waiting caller in bounded time when redis-server is killed mid-run", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.port, "127.0.0.1");
    redis.on("error", () => undefined);
    clients.push(redis);
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 600, timeoutMs: 300 });
    for (let i = 0; i < 10; i++) await limiter.acquire(one);
    const waiting = [0, 1, 2].map(() =>
      limiter.acquire(one).then(
        () => "granted",
        (error: unknown) => error,
      ),
    );
    await server.kill();
    const start = performance.now();
    const outcomes = await Promise.all(waiting);
    // The first may have been granted just before the kill; none is let through after it.
    const failed = outcomes.filter((outcome) => outcome instanceof RedisUnavailableError);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(outcomes.every((outcome) => outcome === "granted" || outcome instanceof RedisUnavailableError)).toBe(true);
    // The caller whose turn it was waits out timeoutMs; the ones queued behind it get the same error at once.
    expect(elapsedSince(start)).toBeLessThan(300 + 400);
  });
});
