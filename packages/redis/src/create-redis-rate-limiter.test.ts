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
  // A key of its own for every test, so no test inherits another's window.
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

  describe.concurrent("pacing, each on a key of its own", () => {
    it("lets RPM/60 through at once, then none until the oldest leaves its one-second window", async () => {
      // 1,200 a minute: 20 in any second.
      const limiter = createRedisRateLimiter({
        redis,
        requestsPerMinute: 1200,
        windowMarginMs: 0,
        keyPrefix: keyPrefix(),
      });
      const start = performance.now();
      for (let i = 0; i < 20; i++) await limiter.acquire(one);
      expect(elapsedSince(start)).toBeLessThan(500);
      const order: number[] = [];
      await Promise.all([0, 1, 2].map((index) => limiter.acquire(one).then(() => order.push(index))));
      expect(elapsedSince(start)).toBeGreaterThanOrEqual(998);
      expect(elapsedSince(start)).toBeLessThan(1800);
      // A process's callers are served in the order they came.
      expect(order).toEqual([0, 1, 2]);
    });

    it("holds each window windowMarginMs longer (100 ms by default)", async () => {
      const byDefault = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: keyPrefix() });
      const wider = createRedisRateLimiter({
        redis,
        requestsPerMinute: 60,
        windowMarginMs: 300,
        keyPrefix: keyPrefix(),
      });
      const timeOfEleventh = async () => {
        const start = performance.now();
        for (let i = 0; i < 10; i++) await byDefault.acquire(one);
        await byDefault.acquire(one);
        return elapsedSince(start);
      };
      const timeOfSecond = async () => {
        const start = performance.now();
        await wider.acquire(one);
        await wider.acquire(one);
        return elapsedSince(start);
      };
      const [eleventh, second] = await Promise.all([timeOfEleventh(), timeOfSecond()]);
      expect(eleventh).toBeGreaterThanOrEqual(1098);
      expect(eleventh).toBeLessThan(1900);
      expect(second).toBeGreaterThanOrEqual(1298);
      expect(second).toBeLessThan(2100);
    });

    it("counts estimated tokens per second too; a request over TPM/60 alone goes into an empty window", async () => {
      // 60,000 tokens a minute: 1,000 in any second.
      const tokens = { requestsPerMinute: 6000, tokensPerMinute: 60_000, windowMarginMs: 0 };
      const within = createRedisRateLimiter({ redis, ...tokens, keyPrefix: keyPrefix() });
      const over = createRedisRateLimiter({ redis, ...tokens, keyPrefix: keyPrefix() });
      const twice = async (limiter: typeof within, first: number, second: number) => {
        const start = performance.now();
        await limiter.acquire({ requests: 1, tokens: first });
        const firstAt = elapsedSince(start);
        await limiter.acquire({ requests: 1, tokens: second });
        return [firstAt, elapsedSince(start)] as const;
      };
      const [[first600, second600], [first1500, afterIt]] = await Promise.all([
        twice(within, 600, 600),
        twice(over, 1500, 1),
      ]);
      expect(first600).toBeLessThan(500);
      expect(second600).toBeGreaterThanOrEqual(998);
      expect(first1500).toBeLessThan(500);
      expect(afterIt).toBeGreaterThanOrEqual(998);
      expect(Math.max(second600, afterIt)).toBeLessThan(1800);
    });
  });

  it("is one quota for every client on the same key, and another for another prefix", async () => {
    const shared = keyPrefix();
    const options = { requestsPerMinute: 600, keyPrefix: shared };
    const limiters = [
      createRedisRateLimiter({ redis, ...options }),
      createRedisRateLimiter({ redis: other, ...options }),
      createRedisRateLimiter({ redis: other, requestsPerMinute: 600, keyPrefix: keyPrefix() }),
    ];
    const granted = [0, 0, 0];
    const signal = AbortSignal.timeout(600);
    await Promise.all(
      limiters.map(async (limiter, index) => {
        while (!signal.aborted) {
          await limiter.acquire(one, signal).then(
            () => granted[index]!++,
            () => undefined,
          );
        }
      }),
    );
    // 10 in any second: the two on one key share 10, the one on its own key has 10 to itself.
    expect(granted[0]! + granted[1]!).toBe(10);
    expect(granted[0]).toBeGreaterThan(0);
    expect(granted[1]).toBeGreaterThan(0);
    expect(granted[2]).toBe(10);
  });
  it("pauses the whole fleet on backOff, and waits as long as Redis says instead of polling", async () => {
    const shared = keyPrefix();
    const first = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: shared });
    const second = createRedisRateLimiter({ redis: other, requestsPerMinute: 600, keyPrefix: shared });
    const start = performance.now();
    await first.backOff?.(300);
    const calls = await scriptCalls();
    await second.acquire(one);
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(298);
    expect(elapsedSince(start)).toBeLessThan(700);
    // One answer "wait ~300 ms", one grant: nothing in between.
    expect((await scriptCalls()) - calls).toBe(2);
  });

  it("gives up a turn on abort, with the signal's reason, and the next caller still gets its turn", async () => {
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: keyPrefix() });
    const start = performance.now();
    await limiter.backOff?.(250);
    const controller = new AbortController();
    const aborted = limiter.acquire(one, controller.signal);
    const next = limiter.acquire(one);
    setTimeout(() => controller.abort(new Error("caller gave up")), 20);
    await expect(aborted).rejects.toThrow("caller gave up");
    // Before the pause is over: the abort does not wait for the turn.
    expect(elapsedSince(start)).toBeLessThan(240);
    await next;
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(248);
    await expect(limiter.acquire(one, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("loads its script again after Redis forgot it (SCRIPT FLUSH, a restart, a failover)", async () => {
    const limiter = createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: keyPrefix() });
    await limiter.acquire(one);
    await redis.call("SCRIPT", "FLUSH");
    await limiter.acquire(one);
    expect(await redis.zcard(`test-${prefix}:rate-limit`)).toBe(2);
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
      // The eleventh in a second waits, whichever client asks.
      await expect(viaNodeRedis.acquire(one, AbortSignal.timeout(200))).rejects.toThrow(/timeout|aborted/i);
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
    expect(() => createRedisRateLimiter({ redis, requestsPerMinute: 600, windowMarginMs: -1 })).toThrow(
      /windowMarginMs/,
    );
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
