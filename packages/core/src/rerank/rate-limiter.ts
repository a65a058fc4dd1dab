import { rateLimitWindows } from "./rate-limit-windows.js";
import { sleep as abortableSleep } from "./sleep.js";

/** What one request costs a limiter: itself, and the tokens `rerank()` estimates it will be billed. */
export interface RateLimitCost {
  requests: number;
  tokens: number;
}

/**
 * Paces the requests of every call that shares it: in one process (`createRateLimiter`) or across a fleet (for example
 * `@qwen-rerank/redis`). `rerank()` calls `acquire` before every attempt, retries included.
 */
export interface RerankRateLimiter {
  /**
   * Resolves when a request of this cost may start. Callers are served in arrival order; an abort rejects with the
   * signal's reason and gives the caller's turn to the next.
   */
  acquire(cost: RateLimitCost, signal?: AbortSignal): Promise<void>;
  /** The service asked to wait (a 429 with `Retry-After`): hold every caller back that long. Optional. */
  backOff?(delayMs: number): void | Promise<void>;
}

export interface RateLimiterOptions {
  /**
   * Requests a minute, enforced per second: at most N = max(1, ⌊RPM/60⌋) requests in any window of N × 60,000 / RPM
   * ms (one second when RPM is a multiple of 60), plus `windowMarginMs`.
   */
  requestsPerMinute: number;
  /**
   * Estimated tokens a minute, enforced per second the same way: at most TPM/60 in any window of one second plus
   * `windowMarginMs`. A request over TPM/60 alone waits for an empty window. @default no token limit
   */
  tokensPerMinute?: number | undefined;
  /**
   * Milliseconds added to every window, so requests granted one window apart that reach the service with different
   * delays are still counted in different windows there. @default 100
   */
  windowMarginMs?: number | undefined;
  /** Clock in milliseconds; swap it in tests. @default performance.now */
  now?: (() => number) | undefined;
  /** How to wait; swap it in tests. @default an abortable `setTimeout` */
  sleep?: ((milliseconds: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

/**
 * An in-process limiter: a sliding window log per quota. DashScope counts quota per minute but may enforce it per
 * second (RPM/60, https://help.aliyun.com/zh/model-studio/rate-limit), and a token bucket lets RPM/60 through at
 * once and RPM/60 more within the same second, which a per-second check throttles; no more than N grants in any
 * window never trips it. `@qwen-rerank/redis` keeps the same log in Redis for a fleet.
 */
export function createRateLimiter(options: RateLimiterOptions): RerankRateLimiter {
  const { now = () => performance.now(), sleep = abortableSleep } = options;
  const windows = rateLimitWindows(options);
  const logs = [
    windowLog(windows.requests, windows.requestWindowMs),
    windows.tokens === undefined ? undefined : windowLog(windows.tokens, windows.tokenWindowMs),
  ] as const;
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();
  const take = async (cost: RateLimitCost, signal: AbortSignal | undefined) => {
    for (;;) {
      const time = now();
      const wait = Math.max(
        pausedUntil - time,
        logs[0].wait(time, cost.requests),
        logs[1]?.wait(time, cost.tokens) ?? 0,
      );
      if (wait <= 0) break;
      await sleep(Math.ceil(wait), signal);
    }
    const time = now();
    logs[0].add(time, cost.requests);
    logs[1]?.add(time, cost.tokens);
  };
  return {
    acquire(cost, signal) {
      const turn = queue.then(() => take(cost, signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    backOff(delayMs) {
      pausedUntil = Math.max(pausedUntil, now() + delayMs);
    },
  };
}

/** The grants of the last `windowMs`: at most `capacity` in all, except one grant alone may exceed it. */
function windowLog(capacity: number, windowMs: number) {
  const grants: Array<{ at: number; amount: number }> = [];
  let used = 0;
  const forget = (time: number) => {
    while (grants.length > 0 && grants[0]!.at <= time - windowMs) used -= grants.shift()!.amount;
  };
  return {
    /** Milliseconds until `amount` fits: until enough of the oldest grants have left the window. */
    wait(time: number, amount: number): number {
      forget(time);
      if (used + amount <= capacity) return 0;
      let left = used;
      for (const grant of grants) {
        left -= grant.amount;
        if (left + amount <= capacity || left <= 0) return grant.at + windowMs - time;
      }
      return 0;
    },
    add(time: number, amount: number): void {
      grants.push({ at: time, amount });
      used += amount;
    },
  };
}

/**
 * @deprecated Use `createRateLimiter({ requestsPerMinute })` and pass it as `rateLimiter`; this class keeps the old
 * `acquire(signal)` of one request.
 */
export class RateLimiter {
  readonly requestsPerMinute: number;
  readonly #limiter: RerankRateLimiter;

  constructor(requestsPerMinute: number, now?: () => number, sleep?: RateLimiterOptions["sleep"]) {
    this.requestsPerMinute = requestsPerMinute;
    this.#limiter = createRateLimiter({ requestsPerMinute, now, sleep });
  }

  acquire(signal?: AbortSignal): Promise<void> {
    return this.#limiter.acquire({ requests: 1, tokens: 0 }, signal);
  }
}
