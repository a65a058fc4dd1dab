import type { CachedRanking, RerankCacheStore } from "@qwen-rerank/core";
import { checkCommonOptions, checkPositive } from "./check-options.js";
import type { RedisClient } from "./redis-client.js";
import { redisDefaults } from "./redis-defaults.js";
import { redisRunner } from "./redis-runner.js";
import type { RedisUnavailableError } from "./redis-unavailable-error.js";

export interface RedisCacheOptions {
  /** A connected ioredis or node-redis client that you own; the cache never connects or closes it. */
  redis: RedisClient;
  /** How long an answer is kept, in seconds (`SET … EX`). @default 86400 (one day) */
  ttlSeconds?: number | undefined;
  /** Prefix of every cache key, `<keyPrefix>cache:<SHA-256 of the call>`. @default "qwen-rerank:" */
  keyPrefix?: string | undefined;
  /** Longest wait for one Redis answer; past it a read is a miss and a write is dropped. @default 1000 */
  timeoutMs?: number | undefined;
  /** Told of every read or write that failed or timed out (the call goes on without the cache). @default none */
  onError?: ((error: RedisUnavailableError) => void) | undefined;
}

/**
 * A `rerank({ cache })` store in Redis, shared by every process that points at it: an answer one process paid for
 * answers the same call in every other, with no request. Values are the core's plain-JSON `CachedRanking`. A cache
 * only saves requests, so a Redis that is down or slow never fails a call: the read is a miss, the write is dropped.
 */
export function createRedisCache(options: RedisCacheOptions): RerankCacheStore {
  checkCommonOptions(options);
  checkPositive("ttlSeconds", options.ttlSeconds, true);
  const runner = redisRunner(options.redis, options.timeoutMs ?? redisDefaults.timeoutMs);
  const prefix = `${options.keyPrefix ?? redisDefaults.keyPrefix}cache:`;
  const ttl = String(Math.max(1, Math.round(options.ttlSeconds ?? redisDefaults.ttlSeconds)));
  const report = (error: unknown) => {
    options.onError?.(error as RedisUnavailableError);
    return undefined;
  };
  return {
    async get(key) {
      const value = await runner.command("cache read", ["GET", prefix + key]).catch(report);
      return typeof value === "string" || Buffer.isBuffer(value) ? parseRanking(String(value)) : undefined;
    },
    async set(key, value) {
      await runner.command("cache write", ["SET", prefix + key, JSON.stringify(value), "EX", ttl]).catch(report);
    },
  };
}

/** A stored value is read back only when it still has the shape the core wrote; anything else is a miss. */
function parseRanking(text: string): CachedRanking | undefined {
  try {
    const value = JSON.parse(text) as Partial<CachedRanking> | null;
    const ranking = value?.ranking;
    if (!Array.isArray(ranking) || typeof value?.totalTokens !== "number") return undefined;
    const wellFormed = ranking.every(
      (entry) => Array.isArray(entry) && typeof entry[0] === "number" && typeof entry[1] === "number",
    );
    return wellFormed ? { ranking, totalTokens: value.totalTokens } : undefined;
  } catch {
    return undefined;
  }
}
