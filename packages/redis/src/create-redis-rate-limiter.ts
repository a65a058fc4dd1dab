import type { RateLimitCost, RerankRateLimiter } from "@qwen-rerank/core";
import { checkCommonOptions, checkPositive } from "./check-options.js";
import { acquireScript, backOffScript } from "./rate-limit-scripts.js";
import type { RedisClient } from "./redis-client.js";
import { redisDefaults } from "./redis-defaults.js";
import { type RedisRunner, redisRunner } from "./redis-runner.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";
import { sleep, untilAborted } from "./sleep.js";

export interface RedisRateLimiterOptions {
  /**
   * A connected ioredis (`new Redis()`, v5 or later) or node-redis (`createClient()`, v4 or later) client. You own
   * it: the limiter only sends it commands, and never connects, configures or closes it. Redis 5 or later (or Valkey).
   */
  redis: RedisClient;
  /**
   * The account's requests a minute, as DashScope counts them (600 for qwen3-vl-rerank), enforced per second: at
   * most RPM/60 at once, then a steady RPM/60 a second, for the whole fleet. Give every process the same value.
   */
  requestsPerMinute: number;
  /**
   * The account's tokens a minute, enforced per second as TPM/60 the same way; each request counts the tokens
   * `rerank()` estimates for it. @default no token limit
   */
  tokensPerMinute?: number | undefined;
  /**
   * Prefix of the one key the limiter keeps, `<keyPrefix>rate-limit`. Every limiter with the same prefix on the
   * same Redis shares one quota: use one prefix per account. @default "qwen-rerank:"
   */
  keyPrefix?: string | undefined;
  /**
   * Longest wait for one Redis answer. Past it, or when Redis refuses the command, the request fails with a
   * `RedisUnavailableError` (a retryable `RerankNetworkError`) rather than going out unpaced. @default 1000
   */
  timeoutMs?: number | undefined;
}

/**
 * A rate limiter for `rerank({ rateLimiter })` shared by every process that points at one Redis: the in-process
 * `createRateLimiter`'s per-second token buckets, kept in Redis, so a fleet stays within one account's quota
 * (https://help.aliyun.com/zh/model-studio/rate-limit). Within a process callers are served in arrival order; a
 * waiting caller sleeps for as long as Redis says, never polling faster. `backOff` (a 429 with `Retry-After`) pauses
 * the whole fleet.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RerankRateLimiter {
  checkCommonOptions(options);
  checkPositive("requestsPerMinute", options.requestsPerMinute, false);
  checkPositive("tokensPerMinute", options.tokensPerMinute, true);
  const runner = redisRunner(options.redis, options.timeoutMs ?? redisDefaults.timeoutMs);
  const key = `${options.keyPrefix ?? redisDefaults.keyPrefix}rate-limit`;
  const rates = bucketArguments(options.requestsPerMinute, options.tokensPerMinute);
  // Kept here too, so this process still pauses when Redis missed the back-off.
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();
  // Callers already queued when Redis fails would each wait out timeoutMs against the same dead server in turn;
  // they get its error at once instead. Later callers try Redis again, so the limiter recovers by itself.
  let tickets = 0;
  let failure: { lastTicket: number; error: unknown } | undefined;
  const take = async (cost: RateLimitCost, signal: AbortSignal | undefined) => {
    for (;;) {
      signal?.throwIfAborted();
      const paused = pausedUntil - performance.now();
      const wait = paused > 0 ? Math.ceil(paused) : await untilAborted(askRedis(runner, key, rates, cost), signal);
      if (wait === 0) return;
      await sleep(wait, signal);
    }
  };
  return {
    acquire(cost, signal) {
      const ticket = ++tickets;
      const turn = queue.then(async () => {
        if (failure && ticket <= failure.lastTicket) throw failure.error;
        try {
          await take(cost, signal);
        } catch (error) {
          if (error instanceof RedisUnavailableError) failure = { lastTicket: tickets, error };
          throw error;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async backOff(delayMs) {
      if (!(delayMs > 0)) return;
      pausedUntil = Math.max(pausedUntil, performance.now() + delayMs);
      // A failure here is not the call's: the next acquire meets the same Redis and reports it.
      await runner.script("back-off", backOffScript, [key], [String(Math.ceil(delayMs))]).catch(() => undefined);
    },
  };
}

/** Rates a millisecond and capacities (one second's worth, at least one), as the script takes them. */
function bucketArguments(requestsPerMinute: number, tokensPerMinute: number | undefined): string[] {
  const tokens = tokensPerMinute ?? 0;
  return [
    requestsPerMinute / 60_000,
    Math.max(1, requestsPerMinute / 60),
    tokens / 60_000,
    Math.max(1, tokens / 60),
  ].map(String);
}

/** 0 when the request may start (its cost is taken), else the milliseconds to wait first. */
async function askRedis(runner: RedisRunner, key: string, rates: string[], cost: RateLimitCost): Promise<number> {
  const answer = await runner.script(
    "rate limiter",
    acquireScript,
    [key],
    [...rates, String(cost.requests), String(cost.tokens)],
  );
  const wait = Number(answer);
  // Anything but a whole number of ms would make the loop spin or let the request through unpaced.
  if (!Number.isInteger(wait) || wait < 0)
    throw new RedisUnavailableError({
      operation: "rate limiter",
      url: runner.url,
      timeoutMs: runner.timeoutMs,
      cause: new Error(`unexpected answer ${JSON.stringify(answer)} from the rate limit script`),
    });
  return wait;
}
