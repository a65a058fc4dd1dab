import { createDashScope, rerank } from "@qwen-rerank/core";
import { expectedRanking, type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServerProcess, redisServerAvailable, startRedisServer } from "./__tests__/start-redis-server.js";
import { createRedisCache } from "./create-redis-cache.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";

const ranking = { ranking: [[1, 0.9] as [number, number], [0, 0.25] as [number, number]], totalTokens: 42 };

describe.skipIf(!redisServerAvailable())("createRedisCache against a real redis-server", () => {
  let server: RedisServerProcess;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.port, "127.0.0.1");
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("stores plain JSON under its prefix with SET EX, and another client reads it back", async () => {
    const cache = createRedisCache({ redis, ttlSeconds: 60, keyPrefix: "app:" });
    await cache.set("abc", ranking);
    expect(JSON.parse(String(await redis.get("app:cache:abc")))).toEqual(ranking);
    const ttl = await redis.ttl("app:cache:abc");
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);

    const client = createClient({ url: server.url });
    await client.connect();
    try {
      expect(await createRedisCache({ redis: client, keyPrefix: "app:" }).get("abc")).toEqual(ranking);
    } finally {
      client.destroy();
    }
    expect(await createRedisCache({ redis, keyPrefix: "other:" }).get("abc")).toBeUndefined();
  });

  it("keeps an answer a day by default", async () => {
    await createRedisCache({ redis }).set("day", ranking);
    expect(await redis.ttl("qwen-rerank:cache:day")).toBeGreaterThan(86_000);
  });

  it("reads a value of another shape as a miss", async () => {
    const cache = createRedisCache({ redis, keyPrefix: "bad:" });
    for (const stored of ["not json", "null", '{"ranking":[[1,"x"]],"totalTokens":1}', '{"ranking":[]}']) {
      await redis.set("bad:cache:k", stored);
      expect(await cache.get("k"), stored).toBeUndefined();
    }
  });

  it("answers a call that another model object already paid for, with no request", async () => {
    const rerankServer: RerankServer = await startRerankServer();
    try {
      const model = () =>
        createDashScope({ apiKey: "test-key", baseURL: `${rerankServer.url}/api/v1` }).rerankModel("qwen3-rerank");
      const documents = ["red running shoe", "blue hat", "red shoe box"];
      const options = { query: "red shoe", documents, cache: createRedisCache({ redis, keyPrefix: "calls:" }) };
      const first = await rerank({ ...options, model: model() });
      const second = await rerank({ ...options, model: model() });
      expect(first.cached).toBe(false);
      expect(second).toMatchObject({ cached: true, requestCount: 0, usage: { totalTokens: 0 } });
      expect(second.results.map(({ index }) => index)).toEqual(
        expectedRanking("red shoe", documents).map(({ index }) => index),
      );
      expect(rerankServer.calls).toHaveLength(1);
      expect(await redis.keys("calls:cache:*")).toHaveLength(1);
    } finally {
      await rerankServer.close();
    }
  });

  it("refuses a bad ttlSeconds before any command", () => {
    expect(() => createRedisCache({ redis, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
  });
});

describe.skipIf(!redisServerAvailable())("createRedisCache when Redis is unreachable", () => {
  it("misses and drops the write within timeoutMs, tells onError, and never fails the call", async () => {
    const server = await startRedisServer();
    await server.stop();
    const redis = new Redis(server.port, "127.0.0.1");
    redis.on("error", () => undefined);
    try {
      const errors: RedisUnavailableError[] = [];
      const cache = createRedisCache({ redis, timeoutMs: 150, onError: (error) => errors.push(error) });
      const start = performance.now();
      expect(await cache.get("k")).toBeUndefined();
      await cache.set("k", ranking);
      expect(performance.now() - start).toBeLessThan(800);
      expect(errors.map((error) => error.operation)).toEqual(["cache read", "cache write"]);
      expect(errors.every((error) => error instanceof RedisUnavailableError)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
