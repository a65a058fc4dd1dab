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
  /** Requests a minute, enforced per second: at most RPM/60 at once, then a steady RPM/60 a second. */
  requestsPerMinute: number;
  /** Estimated tokens a minute, enforced per second as TPM/60 the same way. @default no token limit */
  tokensPerMinute?: number | undefined;
  /** Clock in milliseconds; swap it in tests. @default performance.now */
  now?: (() => number) | undefined;
  /** How to wait; swap it in tests. @default an abortable `setTimeout` */
  sleep?: ((milliseconds: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

/**
 * An in-process limiter: a token bucket per quota holding one second's worth and refilling continuously, because
 * DashScope counts quota per minute but may enforce it per second (RPM/60, https://help.aliyun.com/zh/model-studio/rate-limit).
 * A request estimated at more tokens than one second holds waits for a full bucket and leaves it in debt.
 */
export function createRateLimiter(options: RateLimiterOptions): RerankRateLimiter {
  const { now = () => performance.now(), sleep = abortableSleep } = options;
  const buckets = [bucket(options.requestsPerMinute, now), bucket(options.tokensPerMinute, now)] as const;
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();
  const take = async (cost: RateLimitCost, signal: AbortSignal | undefined) => {
    for (;;) {
      const wait = Math.max(pausedUntil - now(), buckets[0].wait(cost.requests), buckets[1].wait(cost.tokens));
      if (wait <= 0) break;
      await sleep(Math.ceil(wait), signal);
    }
    buckets[0].take(cost.requests);
    buckets[1].take(cost.tokens);
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

/** One quota's bucket; without a quota it never makes anyone wait. */
function bucket(perMinute: number | undefined, now: () => number) {
  if (perMinute === undefined) return { wait: () => 0, take: () => undefined };
  const perMillisecond = perMinute / 60_000;
  const capacity = Math.max(1, perMinute / 60);
  let level = capacity;
  let last = now();
  const refill = () => {
    const time = now();
    level = Math.min(capacity, level + (time - last) * perMillisecond);
    last = time;
  };
  return {
    /** Milliseconds until `amount` may be taken (a full bucket suffices for more than it holds). */
    wait(amount: number): number {
      refill();
      return Math.max(0, (Math.min(amount, capacity) - level) / perMillisecond);
    },
    take(amount: number): void {
      level -= amount;
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
