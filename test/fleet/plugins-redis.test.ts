// Both framework plugins take the Redis limiter and cache as they are, and pass them on to rerank().
import { Document } from "@langchain/core/documents";
import { TextNode } from "@llamaindex/core/schema";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { createRedisCache, createRedisRateLimiter } from "@qwen-rerank/redis";
import { type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RedisServerProcess,
  redisServerAvailable,
  startRedisServer,
} from "../../packages/redis/src/__tests__/start-redis-server.js";

describe.skipIf(!redisServerAvailable())("the plugins with @qwen-rerank/redis", () => {
  let redisServer: RedisServerProcess;
  let redis: Redis;
  let server: RerankServer;

  beforeAll(async () => {
    [redisServer, server] = await Promise.all([startRedisServer(), startRerankServer()]);
    redis = new Redis(redisServer.port, "127.0.0.1");
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.close();
    await redisServer?.stop();
  });

  it("pace their requests through the shared limiter and answer a repeated call from the shared cache", async () => {
    const shared = () => ({
      apiKey: "test-key",
      baseURL: `${server.url}/api/v1`,
      topN: 2,
      rateLimiter: createRedisRateLimiter({ redis, requestsPerMinute: 600, keyPrefix: "plugins:" }),
      cache: createRedisCache({ redis, keyPrefix: "plugins:" }),
    });
    const texts = ["a red apple", "a blue hat", "apple pie"];
    const viaLangChain = () =>
      new LangChainRerank(shared()).compressDocuments(
        texts.map((pageContent) => new Document({ pageContent })),
        "red apple",
      );
    const viaLlamaIndex = () =>
      new LlamaIndexRerank(shared()).postprocessNodes(
        texts.map((text) => ({ node: new TextNode({ text }) })),
        "red apple",
      );
    const first = (await viaLangChain()).map((document) => document.pageContent);
    const second = (await viaLlamaIndex()).map(({ node }) => (node as TextNode).text);
    const again = (await viaLangChain()).map((document) => document.pageContent);
    expect(first).toEqual(["a red apple", "apple pie"]);
    expect(second).toEqual(first);
    expect(again).toEqual(first);
    // Both plugins build the same call, so the LlamaIndex one and the repeat were cache hits: one request in all,
    // and that one took its turn from the limiter in Redis.
    expect(server.calls).toHaveLength(1);
    expect(await redis.zcard("plugins:rate-limit")).toBe(1);
    expect(await redis.keys("plugins:cache:*")).toHaveLength(1);
  });
});
