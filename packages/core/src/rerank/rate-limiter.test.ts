import { describe, expect, it } from "vitest";
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

describe("createRateLimiter (injected clock)", () => {
  it("lets RPM/60 through at once, then one every 60,000/RPM ms", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 600, now, sleep });
    const startedAt: number[] = [];
    for (let i = 0; i < 13; i++) {
      await limiter.acquire(one);
      startedAt.push(clock.now);
    }
    expect(startedAt.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(startedAt.slice(10)).toEqual([100, 200, 300]);
    expect(clock.waits).toEqual([100, 100, 100]);
  });

  it("refills while idle, but never past one second's worth", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 600, now, sleep });
    for (let i = 0; i < 10; i++) await limiter.acquire(one);
    clock.now += 60_000;
    for (let i = 0; i < 10; i++) await limiter.acquire(one);
    expect(clock.waits).toEqual([]);
    await limiter.acquire(one);
    expect(clock.waits).toEqual([100]);
  });

  it("keeps at least one request of burst under 60 a minute", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter({ requestsPerMinute: 30, now, sleep });
    await limiter.acquire(one);
    await limiter.acquire(one);
    expect(clock.waits).toEqual([2000]);
  });

  it("paces estimated tokens at TPM/60 a second, and lets a request over a second's worth leave a debt", async () => {
    const { clock, now, sleep } = fakeTime();
    // 60,000 tokens a minute: 1,000 at once, then one a millisecond.
    const limiter = createRateLimiter({ requestsPerMinute: 6000, tokensPerMinute: 60_000, now, sleep });
    await limiter.acquire({ requests: 1, tokens: 700 });
    await limiter.acquire({ requests: 1, tokens: 700 });
    expect(clock.now).toBe(400);
    // Over the bucket: it waits for a full one (1,000 ms from empty), then owes the other 500.
    await limiter.acquire({ requests: 1, tokens: 1500 });
    expect(clock.now).toBe(1400);
    await limiter.acquire({ requests: 1, tokens: 100 });
    expect(clock.now).toBe(2000);
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
    const limiter = createRateLimiter({ requestsPerMinute: 60, now: () => now, sleep });
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
