import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import { createRateLimiter, type RateLimiterOptions } from "./rate-limiter.js";

/** A clock that only moves when the limiter sleeps, and a record of every sleep. */
function fakeTime() {
  const clock = { now: 0, waits: [] as number[] };
  const sleep: NonNullable<RateLimiterOptions["sleep"]> = async (milliseconds, signal) => {
    signal?.throwIfAborted();
    clock.waits.push(milliseconds);
    clock.now += milliseconds;
  };
  return { clock, now: () => clock.now, sleep };
}

const one = { requests: 1, tokens: 0 };

/** The most grants that fall in any window of `windowMs` (a window [t, t + windowMs) starting at a grant). */
function busiestWindow(startedAt: number[], windowMs: number): number {
  return Math.max(...startedAt.map((t) => startedAt.filter((s) => s >= t && s < t + windowMs).length));
}

describe("createRateLimiter (injected clock)", () => {
  it("lets RPM/60 through at once and no more in any one second, as a per-second check counts", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 600, windowMarginMs: 0, now, sleep });
    const startedAt: number[] = [];
    for (let i = 0; i < 25; i++) {
      await limiter.acquire(one);
      startedAt.push(clock.now);
    }
    expect(startedAt).toEqual([...Array(10).fill(0), ...Array(10).fill(1000), ...Array(5).fill(2000)]);
    expect(busiestWindow(startedAt, 1000)).toBe(10);
  });

  it("never lets more than RPM/60 into one second, whenever the callers arrive", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 300, windowMarginMs: 0, now, sleep });
    const startedAt: number[] = [];
    // Callers arrive in bursts with idle gaps between; a token bucket would pass 2 × 5 within one second here.
    for (const gap of [0, 0, 0, 700, 0, 0, 0, 0, 0, 0, 1300, 0, 0, 0, 0, 0, 0, 0, 250, 0]) {
      clock.now += gap;
      await limiter.acquire(one);
      startedAt.push(clock.now);
    }
    expect(busiestWindow(startedAt, 1000)).toBeLessThanOrEqual(5);
    expect(startedAt.at(-1)).toBeLessThan(6000);
  });

  it("refuses a quota it could not enforce with an InvalidArgumentError", () => {
    for (const requestsPerMinute of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => createRateLimiter({ requestsPerMinute })).toThrow(InvalidArgumentError);
    expect(() => createRateLimiter({ requestsPerMinute: 600, tokensPerMinute: 0 })).toThrow(/tokensPerMinute/);
    expect(() => createRateLimiter({ requestsPerMinute: 600, windowMarginMs: -1 })).toThrow(/windowMarginMs/);
  });

  it("adds windowMarginMs to every window (100 ms unless told)", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 600, now, sleep });
    for (let i = 0; i < 11; i++) await limiter.acquire(one);
    expect(clock.now).toBe(1100);
  });

  it("is ready again after an idle minute, for one window's worth", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 600, windowMarginMs: 0, now, sleep });
    for (let i = 0; i < 10; i++) await limiter.acquire(one);
    clock.now += 60_000;
    for (let i = 0; i < 10; i++) await limiter.acquire(one);
    expect(clock.waits).toEqual([]);
    await limiter.acquire(one);
    expect(clock.waits).toEqual([1000]);
  });

  it("keeps one request per 60,000/RPM ms under 60 a minute", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 30, windowMarginMs: 0, now, sleep });
    await limiter.acquire(one);
    await limiter.acquire(one);
    expect(clock.waits).toEqual([2000]);
  });

  it("keeps estimated tokens to TPM/60 in any second; a request over that alone waits for an empty window", async () => {
    const { clock, now, sleep } = fakeTime();
    // 60,000 tokens a minute: 1,000 in any second.
    const limiter = createRateLimiter({
      requestsPerMinute: 6000,
      tokensPerMinute: 60_000,
      windowMarginMs: 0,
      now,
      sleep,
    });
    await limiter.acquire({ requests: 1, tokens: 700 });
    await limiter.acquire({ requests: 1, tokens: 300 });
    expect(clock.now).toBe(0);
    await limiter.acquire({ requests: 1, tokens: 700 });
    expect(clock.now).toBe(1000);
    await limiter.acquire({ requests: 1, tokens: 1500 });
    expect(clock.now).toBe(2000);
    await limiter.acquire({ requests: 1, tokens: 100 });
    expect(clock.now).toBe(3000);
  });

  it("holds everyone back for backOff, and a shorter back-off never shortens a longer one", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 600, now, sleep });
    await limiter.backOff?.(2500);
    await limiter.backOff?.(100);
    await limiter.acquire(one);
    expect(clock.now).toBe(2500);
  });

  it("serves callers in arrival order, whatever each costs", async () => {
    const { now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 60, tokensPerMinute: 6000, now, sleep });
    const order: string[] = [];
    await Promise.all([
      limiter.acquire({ requests: 1, tokens: 90 }).then(() => order.push("big")),
      limiter.acquire({ requests: 1, tokens: 1 }).then(() => order.push("small")),
      limiter.acquire({ requests: 1, tokens: 50 }).then(() => order.push("medium")),
    ]);
    expect(order).toEqual(["big", "small", "medium"]);
  });

  it("rejects an aborted caller with the signal's reason and gives its turn to the next", async () => {
    let now = 0;
    const pending: Array<() => void> = [];
    // A sleep that only ends when the test says, so the abort lands while the caller waits.
    const sleep: NonNullable<RateLimiterOptions["sleep"]> = (milliseconds, signal) =>
      new Promise((resolve, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        pending.push(() => {
          now += milliseconds;
          resolve();
        });
      });
    const limiter = createRateLimiter({ requestsPerMinute: 60, windowMarginMs: 0, now: () => now, sleep });
    await limiter.acquire(one);
    const controller = new AbortController();
    const aborted = limiter.acquire(one, controller.signal);
    const next = limiter.acquire(one);
    await Promise.resolve();
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    await new Promise((resolve) => setImmediate(resolve));
    pending.at(-1)?.();
    await next;
    // The aborted caller took nothing: the next one started after one interval, not two.
    expect(now).toBe(1000);
  });
});
