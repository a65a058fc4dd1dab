import { randomUUID } from "node:crypto";
import { type RateLimitCost, type RerankRateLimiter, rateLimitWindows } from "@qwen-rerank/core";
import { sleep } from "@qwen-rerank/core/plugin";
import { checkCommonOptions } from "./check-options.js";
import { acquireScript, backOffScript } from "./rate-limit-scripts.js";
import type { RedisClient } from "./redis-client.js";
import { redisDefaults } from "./redis-defaults.js";
import { type RedisRunner, redisRunner } from "./redis-runner.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";
import { untilAborted } from "./until-aborted.js";

export interface RedisRateLimiterOptions {
  /**
   * A connected ioredis (`new Redis()`, v5 or later) or node-redis (`createClient()`, v4 or later) client. You own
   * it: the limiter only sends it commands, and never connects, configures or closes it. Redis 5 or later (or Valkey).
   */
  redis: RedisClient;
  /**
   * The account's requests a minute, as DashScope publishes them (600 for qwen3-vl-rerank), enforced per second for
   * the whole fleet: at most N = max(1, ⌊RPM/60⌋) requests in any window of N × 60,000 / RPM ms (one second when RPM
   * is a multiple of 60), plus `windowMarginMs`. Give every process the same value.
   */
  requestsPerMinute: number;
  /**
   * The account's tokens a minute, enforced per second the same way: at most TPM/60 tokens in any window of one
   * second plus `windowMarginMs`, each request counted by the tokens `rerank()` estimates for it. A request over
   * TPM/60 alone waits for an empty window. @default no token limit
   */
  tokensPerMinute?: number | undefined;
  /**
   * Milliseconds added to every window, so that requests granted one window apart, which reach the service with
   * different delays, are still counted in different windows there. It costs margin / (window + margin) of the
   * quota: 100 ms keeps 91% of it. @default 100
   */
  windowMarginMs?: number | undefined;
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
 * A rate limiter for `rerank({ rateLimiter })` shared by every process that points at one Redis, so a fleet stays
 * within one account's quota (https://help.aliyun.com/zh/model-studio/rate-limit): a sliding window per second of
 * requests and of estimated tokens, kept in Redis. Within a process callers are served in arrival order; a waiting
 * caller sleeps for as long as Redis says, never polling faster. `backOff` (a 429 with `Retry-After`) pauses the
 * whole fleet.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RerankRateLimiter {
  checkCommonOptions(options);
  const runner = redisRunner(options.redis, options.timeoutMs ?? redisDefaults.timeoutMs);
  const key = `${options.keyPrefix ?? redisDefaults.keyPrefix}rate-limit`;
  const windows = windowArguments(options);
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
      const wait = paused > 0 ? Math.ceil(paused) : await untilAborted(askRedis(runner, key, windows, cost), signal);
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
      const longest = String(Math.max(Number(windows[1]), Number(windows[3])));
      await runner
        .script("back-off", backOffScript, [key], [String(Math.ceil(delayMs)), longest])
        .catch(() => undefined);
    },
  };
}

/** Requests a window, its length, tokens a window (0: none) and its length, as the script takes them. */
function windowArguments(options: RedisRateLimiterOptions): string[] {
  // The core's reading of a per-minute quota per second (docs/dashscope-api.md §4.2), which also checks the options.
  const windows = rateLimitWindows(options);
  return [windows.requests, windows.requestWindowMs, windows.tokens ?? 0, windows.tokenWindowMs].map(String);
}

/** 0 when the request may start (its grant is recorded), else the milliseconds to wait first. */
async function askRedis(runner: RedisRunner, key: string, windows: string[], cost: RateLimitCost): Promise<number> {
  // One grant per acquire: rerank() asks once for every attempt, with `requests: 1`.
  const grant = [randomUUID(), String(Math.max(0, cost.tokens))];
  const answer = await runner.script("rate limiter", acquireScript, [key], [...windows, ...grant]);
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
