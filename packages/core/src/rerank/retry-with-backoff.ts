import { rerankDefaults, retryDefaults } from "../defaults.js";
import { RerankRetryError, type RerankRetryReason } from "../spec/errors/rerank-retry-error.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { inAttempt } from "../telemetry/request-span.js";
import type { RerankRateLimiter } from "./rate-limiter.js";
import { sleep as defaultSleep } from "./sleep.js";

export interface RetrySettings {
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /**
   * Base of the exponential backoff: attempt n waits a random time in [0, min(maxDelayMs, initialDelayMs × 2^n)].
   * @default 500
   */
  initialDelayMs?: number;
  /** Cap of one backoff delay. @default 8000 */
  maxDelayMs?: number;
  /** Cap applied to a server's `Retry-After`. @default 30000 */
  maxRetryAfterMs?: number;
  /** How to wait; swap it in tests to record delays instead of sleeping. @default an abortable `setTimeout` */
  sleep?: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Called before each retry, e.g. for logging or metrics. @default none */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

const isRetryable = (error: unknown): boolean => (error as { isRetryable?: unknown } | null)?.isRetryable === true;

/**
 * Runs `attempt` until it succeeds, an error is not retryable, or retries run out. POST is retried on purpose:
 * rerank is idempotent. A single failure is rethrown as it is; several become a `RerankRetryError`.
 */
export async function retryWithBackoff<T>(
  attempt: () => Promise<T>,
  settings: RetrySettings,
  signal: AbortSignal | undefined,
  shared: { budget?: RetryBudget | undefined; limiter?: RerankRateLimiter | undefined } = {},
): Promise<T> {
  const { budget, limiter } = shared;
  const { maxRetries = rerankDefaults.maxRetries, sleep = defaultSleep } = settings;
  const errors: unknown[] = [];
  for (let retry = 0; ; retry++) {
    try {
      const result = await inAttempt(retry + 1, attempt);
      budget?.refill();
      return result;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      errors.push(error);
      const reason = stopReason(error, retry >= maxRetries, budget);
      if (reason !== undefined) {
        if (errors.length === 1) throw error;
        throw new RerankRetryError({ reason, errors });
      }
      const delayMs = backoffDelay(error, retry, settings);
      // A throttled answer that says how long to wait holds back every caller of a shared limiter, not just this one.
      const { status, retryAfterMs } = error as { status?: unknown; retryAfterMs?: unknown };
      if (status === 429 && typeof retryAfterMs === "number") await limiter?.backOff?.(delayMs);
      settings.onRetry?.({ attempt: retry + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

/** Why `error` ends the attempts, if it does; the budget is only spent on a retry that will happen. */
function stopReason(
  error: unknown,
  outOfRetries: boolean,
  budget: RetryBudget | undefined,
): RerankRetryReason | undefined {
  if (!isRetryable(error)) return "errorNotRetryable";
  if (outOfRetries) return "maxRetriesExceeded";
  if (budget && !budget.spend(error)) return "retryBudgetExhausted";
  return undefined;
}

/** The server's `Retry-After` when it sent one (clamped), else full-jitter exponential backoff. */
function backoffDelay(error: unknown, retry: number, settings: RetrySettings): number {
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof retryAfterMs === "number")
    return Math.min(retryAfterMs, settings.maxRetryAfterMs ?? retryDefaults.maxRetryAfterMs);
  const ceiling = Math.min(
    settings.maxDelayMs ?? retryDefaults.maxDelayMs,
    (settings.initialDelayMs ?? retryDefaults.initialDelayMs) * 2 ** retry,
  );
  return Math.floor((settings.random ?? Math.random)() * ceiling);
}
