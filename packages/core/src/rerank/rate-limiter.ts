import { sleep as abortableSleep } from "./sleep.js";

/**
 * A token bucket shared by every call on one model. DashScope counts requests per minute but may enforce them per
 * second (RPS = RPM/60, https://help.aliyun.com/zh/model-studio/rate-limit), so the bucket holds one second's worth and refills continuously.
 */
export class RateLimiter {
  readonly requestsPerMinute: number;
  private readonly capacity: number;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    requestsPerMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void> = abortableSleep,
  ) {
    this.requestsPerMinute = requestsPerMinute;
    this.capacity = Math.max(1, requestsPerMinute / 60);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Waits until a request may start. Callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal: AbortSignal | undefined): Promise<void> {
    const perMillisecond = this.requestsPerMinute / 60_000;
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * perMillisecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil((1 - this.tokens) / perMillisecond), signal);
    }
  }
}
