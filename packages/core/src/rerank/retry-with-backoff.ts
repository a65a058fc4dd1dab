import { RerankRetryError } from "../errors/rerank-retry-error.js";

export interface RetrySettings {
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /** Base of the exponential backoff: attempt n waits a random time in [0, min(maxDelayMs, initialDelayMs × 2^n)]. @default 500 */
  initialDelayMs?: number;
  /** Cap of one backoff delay. @default 8000 */
  maxDelayMs?: number;
  /** Cap applied to a server's `Retry-After`. @default 30000 */
  maxRetryAfterMs?: number;
  /** How to wait; swap it in tests to record delays instead of sleeping. @default an abortable `setTimeout` */
  sleep?: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Called before each retry, e.g. for logging or metrics. */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

export const defaultSleep = (milliseconds: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

const isRetryable = (error: unknown): boolean => (error as { isRetryable?: unknown } | null)?.isRetryable === true;

/**
 * Runs `attempt` until it succeeds, an error is not retryable, or retries run out. POST is retried on purpose:
 * rerank is idempotent. A single failure is rethrown as it is; several become a `RerankRetryError`.
 */
export function retryWithBackoff<T>(attempt: () => Promise<T>, settings: RetrySettings, signal: AbortSignal | undefined): Promise<T> {
  // The first attempt gets no async wrapper of its own: almost every call succeeds at once, and each async layer
  // adds microtask turns to it.
  return start(attempt).catch((error: unknown) => retryFailedAttempt(error, attempt, settings, signal));
}

function start<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return attempt();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** What `retryWithBackoff` does once the first attempt has failed with `firstError`. */
export async function retryFailedAttempt<T>(
  firstError: unknown,
  attempt: () => Promise<T>,
  settings: RetrySettings,
  signal: AbortSignal | undefined,
): Promise<T> {
  const { maxRetries = 2, initialDelayMs = 500, maxDelayMs = 8000, maxRetryAfterMs = 30_000, sleep = defaultSleep, random = Math.random } = settings;
  const errors: unknown[] = [];
  let error = firstError;
  for (let attemptNumber = 0; ; attemptNumber++) {
    if (signal?.aborted) throw signal.reason;
    errors.push(error);
    if (!isRetryable(error)) {
      if (errors.length === 1) throw error;
      throw new RerankRetryError({ reason: "errorNotRetryable", errors });
    }
    if (attemptNumber >= maxRetries) {
      if (errors.length === 1) throw error;
      throw new RerankRetryError({ reason: "maxRetriesExceeded", errors });
    }
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    const delayMs =
      typeof retryAfterMs === "number"
        ? Math.min(retryAfterMs, maxRetryAfterMs)
        : Math.floor(random() * Math.min(maxDelayMs, initialDelayMs * 2 ** attemptNumber));
    settings.onRetry?.({ attempt: attemptNumber + 1, delayMs, error });
    await sleep(delayMs, signal);
    try {
      return await attempt();
    } catch (next) {
      error = next;
    }
  }
}
